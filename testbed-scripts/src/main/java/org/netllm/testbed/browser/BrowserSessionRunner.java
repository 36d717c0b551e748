package org.netllm.testbed.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.experiment.Durable;
import org.netllm.testbed.experiment.ResultFiles;
import org.netllm.testbed.report.ChunkCsv;
import org.netllm.testbed.report.ChunkRow;
import org.netllm.testbed.report.ServerChunkLog;
import org.netllm.testbed.report.SessionQoe;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays one session in a fresh browser to the end of the video (docs/reference/abr.md §8.2 [REC]: stop on
 * end-of-session, not after a fixed sleep) and writes its result folder. The wall-clock cap is
 * video duration × {@value #DURATION_FACTOR} + {@value #CAP_SLACK_S} s; independently, neither a new chunk
 * nor a moving playhead for {@link BrowserConfig#stallCap()} aborts the session (the failure names the video
 * element's playhead, readiness and buffered ranges).
 */
public final class BrowserSessionRunner {

    /** docs/reference/abr.md §1: the real MPD's segment duration (≈ 4 s); used only to size the wall-clock cap. */
    public static final double NOMINAL_CHUNK_S = 4.0;
    static final int DURATION_FACTOR = 3;
    static final int CAP_SLACK_S = 60;
    /** docs/reference/abr.md §1: segments of the real video; bounds a child process's cap in mahimahi mode. */
    public static final int MAX_SESSION_CHUNKS = 49;

    /** The wall-clock cap for a session of {@code chunks} chunks. */
    public static long sessionCapSeconds(int chunks) {
        return (long) (chunks * NOMINAL_CHUNK_S * DURATION_FACTOR) + CAP_SLACK_S;
    }

    /** After the page says "ended" it posts /end; give that request this long to land. */
    private static final Duration END_GRACE = Duration.ofSeconds(10);

    private final TestbedApi api;
    /** Origin the browser loads the player from; differs from the API's base when the browser is on a Grid node. */
    private final URI browserServer;
    private final Path serverResults;
    private final BrowserFactory browsers;
    private final BrowserConfig config;
    private final ObjectMapper json;
    /** Base URL of the decision relay when decisions bypass the emulated link (PlayerPage). */
    private final Optional<URI> decisions;

    /**
     * @param serverResults the server's results folder ({@code <results>/<session>/chunks.jsonl}); must be
     *                      readable from here (in-process server, or a shared folder for --server)
     */
    public BrowserSessionRunner(TestbedApi api, Path serverResults, BrowserConfig config, ObjectMapper json) {
        this(api, api.base(), serverResults, config, json, Optional.empty());
    }

    /**
     * @param browserServer the server's origin as the browser must use it (e.g. {@code http://<public host>:<port>/}
     *                      for a browser on a Grid node); this JVM keeps talking to the API at {@code api.base()}
     */
    public BrowserSessionRunner(TestbedApi api, URI browserServer, Path serverResults, BrowserConfig config, ObjectMapper json) {
        this(api, browserServer, serverResults, config, json, Optional.empty());
    }

    /** @param decisions base URL of a decision relay: the page and its decisions use it, media the server */
    public BrowserSessionRunner(TestbedApi api, Path serverResults, BrowserConfig config, ObjectMapper json,
                                Optional<URI> decisions) {
        this(api, api.base(), serverResults, config, json, decisions);
    }

    /**
     * @param browserServer the server's origin as the browser uses it for media (Grid: the public host)
     * @param decisions     base URL of a decision relay, when decisions bypass the emulated link
     */
    public BrowserSessionRunner(TestbedApi api, URI browserServer, Path serverResults, BrowserConfig config,
                                ObjectMapper json, Optional<URI> decisions) {
        this.decisions = decisions;
        this.api = api;
        this.browserServer = browserServer;
        this.serverResults = serverResults;
        this.config = config;
        this.browsers = new BrowserFactory(config);
        this.json = json;
    }

    /** What a finished session produced. */
    public record Outcome(String sessionId, List<ChunkRow> chunks, SessionQoe qoe, double wallS) {
    }

    public Outcome run(SessionRequest req, Path outDir, Map<String, Object> extraRunInfo)
            throws IOException, InterruptedException, SessionFailure {
        Files.createDirectories(outDir);
        Files.deleteIfExists(outDir.resolve(ResultFiles.RUN_JSON));
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        TestbedApi.SessionInfo info = api.create(new TestbedApi.NewSession(req.algorithm(), req.video(), req.trace(),
                req.linkMode(), req.delayMs(), req.label()));
        // the built-in link starts its trace when the server creates the session (fidelity time zero)
        long createdEpochMs = System.currentTimeMillis();
        ObjectNode run = runInfo(req, info, started, extraRunInfo);
        run.put("createdEpochMs", createdEpochMs);
        String browserVersion = null;
        try (BrowserFactory.Browser browser = browsers.start()) {
            WebDriver driver = browser.driver();
            browserVersion = String.valueOf(((org.openqa.selenium.HasCapabilities) driver).getCapabilities().getBrowserVersion());
            try {
                // without a relay the page uses same-origin URLs only, so the origin it is loaded from is the one it
                // streams from; with one, the page comes from the relay and media from browserServer (PlayerPage)
                driver.get(PlayerPage.url(browserServer, info.playerUrl(), decisions).toString());
                awaitEnd(driver, info);
            } finally {
                saveClientSide(driver, outDir);
            }
        } catch (SessionFailure | WebDriverException | IOException e) {
            String reason = e instanceof SessionFailure ? e.getMessage() : "browser: " + firstLine(e.getMessage());
            endQuietly(info.id(), reason);
            run.put("outcome", "failed").put("reason", reason).put("wallS", seconds(t0));
            ResultFiles.writeAtomically(outDir.resolve(ResultFiles.RUN_JSON), run, json);
            throw e instanceof SessionFailure f ? f : new SessionFailure(reason, e);
        }
        JsonNode summary = awaitServerEnd(info.id());
        List<ChunkRow> rows = collectServerSide(info, outDir);
        SessionQoe qoe = SessionQoe.of(rows, new QoeParams(req.lambda(), QoeParams.DEFAULT_SMOOTH_PENALTY));
        double wallS = seconds(t0);
        run.put("browserVersion", browserVersion);
        run.put("outcome", ResultFiles.OUTCOME_OK).put("wallS", wallS).put("finished", Instant.now().toString());
        run.set("qoe", json.valueToTree(qoe));
        run.set("serverSummary", summary.path("qoe"));
        ResultFiles.finish(outDir, run, json);
        return new Outcome(info.id(), rows, qoe, wallS);
    }

    private void awaitEnd(WebDriver driver, TestbedApi.SessionInfo info) throws SessionFailure, InterruptedException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long capNanos = Duration.ofSeconds(sessionCapSeconds(info.totalChunks())).toNanos();
        long start = System.nanoTime();
        long lastProgress = start;
        int lastChunks = -1;
        String lastMedia = null;
        while (true) {
            ClientState s = poll(js);
            long now = System.nanoTime();
            if (s != null && ClientState.ENDED.equals(s.state())) {
                if (s.chunks() < info.totalChunks()) {
                    throw new SessionFailure("page ended after " + s.chunks() + " of " + info.totalChunks() + " chunks");
                }
                return;
            }
            if (s != null && ClientState.ERROR.equals(s.state())) {
                throw new SessionFailure("page error after " + s.chunks() + " chunks: " + s.error());
            }
            int chunks = s == null ? -1 : s.chunks();
            String media = s == null ? null : s.media();
            // progress = a new chunk or a moving playhead: after the last chunk only playback can progress
            if (chunks != lastChunks || playheadMoved(lastMedia, media)) {
                lastChunks = chunks;
                lastProgress = now;
            }
            lastMedia = media;
            if (now - lastProgress > config.stallCap().toNanos()) {
                throw new SessionFailure("stall: no new chunk and no playback for " + config.stallCap().toSeconds() + " s (at "
                        + Math.max(chunks, 0) + " of " + info.totalChunks() + " chunks, state " + (s == null ? "none" : s.state())
                        + ", video " + media + ")");
            }
            if (now - start > capNanos) {
                throw new SessionFailure("timeout: not ended after " + capNanos / 1_000_000_000L + " s (at "
                        + Math.max(chunks, 0) + " of " + info.totalChunks() + " chunks)");
            }
            Thread.sleep(config.pollInterval().toMillis());
        }
    }

    /** Whether the playhead ("t=<s>s ...") differs between two polls' media diagnostics. */
    static boolean playheadMoved(String before, String after) {
        return !playhead(after).equals(playhead(before));
    }

    private static String playhead(String media) {
        if (media == null) {
            return "";
        }
        int sp = media.indexOf(' ');
        return sp < 0 ? media : media.substring(0, sp);
    }

    private ClientState poll(JavascriptExecutor js) {
        Object r = js.executeScript(ClientState.POLL_SCRIPT);
        if (!(r instanceof Map<?, ?> m)) {
            return null;
        }
        Object chunks = m.get("chunks");
        return new ClientState((String) m.get("state"), chunks instanceof Number n ? n.intValue() : 0, (String) m.get("error"),
                (String) m.get("media"));
    }

    /** client.json and console.jsonl, also for failed sessions (they explain the failure). */
    private void saveClientSide(WebDriver driver, Path outDir) throws IOException {
        try {
            Object dump = ((JavascriptExecutor) driver).executeScript(ClientState.DUMP_SCRIPT);
            if (dump instanceof String s) {
                Files.writeString(outDir.resolve(ResultFiles.CLIENT_JSON), s, StandardCharsets.UTF_8);
            }
        } catch (WebDriverException e) {
            // browser already gone: the failure reason says why; nothing more to save
        }
        try {
            StringBuilder sb = new StringBuilder();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                ObjectNode line = json.createObjectNode().put("t", e.getTimestamp()).put("level", e.getLevel().getName())
                        .put("message", e.getMessage());
                sb.append(json.writeValueAsString(line)).append('\n');
            }
            Files.writeString(outDir.resolve(ResultFiles.CONSOLE_JSONL), sb.toString(), StandardCharsets.UTF_8);
        } catch (WebDriverException e) {
            // same: a crashed browser has no console to read
        }
    }

    /** The page posts /end itself on 'ended'; wait for the server to see it. */
    private JsonNode awaitServerEnd(String id) throws IOException, InterruptedException, SessionFailure {
        long deadline = System.nanoTime() + END_GRACE.toNanos();
        while (true) {
            JsonNode s = api.get(id);
            if ("ended".equals(s.path("state").asText())) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                endQuietly(id, "client did not post /end");
                throw new SessionFailure("page reached 'ended' but the server never got /end for session " + id);
            }
            Thread.sleep(config.pollInterval().toMillis());
        }
    }

    private List<ChunkRow> collectServerSide(TestbedApi.SessionInfo info, Path outDir) throws IOException, SessionFailure {
        Path src = serverResults.resolve(info.id());
        for (String f : List.of(ResultFiles.CHUNKS_JSONL, ResultFiles.SESSION_JSON)) {
            Path p = src.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new SessionFailure("server result " + p + " is missing (is --server-results the server's results folder?)");
            }
            Durable.copy(p, outDir.resolve(f));
        }
        List<ChunkRow> rows = ServerChunkLog.read(outDir.resolve(ResultFiles.CHUNKS_JSONL), json);
        if (rows.size() != info.totalChunks()) {
            throw new SessionFailure("server logged " + rows.size() + " chunks, video has " + info.totalChunks());
        }
        ChunkCsv.write(outDir.resolve(ResultFiles.CHUNKS_CSV), rows);
        return rows;
    }

    private ObjectNode runInfo(SessionRequest req, TestbedApi.SessionInfo info, Instant started, Map<String, Object> extra) {
        ObjectNode run = json.createObjectNode();
        run.put("sessionId", info.id());
        run.set("request", json.valueToTree(req));
        run.set("session", info.raw());
        run.put("server", api.base().toString());
        run.put("decisions", decisions.map(URI::toString).orElse(api.base().toString()));
        run.put("started", started.toString());
        run.put("javaVersion", System.getProperty("java.version"));
        run.put("seleniumVersion", new org.openqa.selenium.BuildInfo().getReleaseLabel());
        run.put("browser", config.grid() == null ? config.chromium().toString() : "grid " + config.grid());
        run.put("browserServer", browserServer.toString());
        run.put("grid", config.grid() == null ? null : config.grid().toString());
        run.put("testbedVersion", BrowserSessionRunner.class.getPackage().getImplementationVersion());
        run.set("extra", json.valueToTree(extra));
        return run;
    }

    private void endQuietly(String id, String reason) {
        try {
            api.end(id, reason.startsWith("timeout") ? "timeout" : "error", reason);
        } catch (IOException | InterruptedException e) {
            // the session may already be ended or the server gone; the failure is recorded either way
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Selenium messages append build, system and capability dumps on further lines: keep the cause. */
    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
