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
import java.util.function.BooleanSupplier;

/**
 * Plays one session in a fresh browser to the end of the video (docs/reference/abr.md §8.2 [REC]: stop on
 * end-of-session, not after a fixed sleep) and writes its result folder. The wall-clock cap is
 * video duration × {@value #DURATION_FACTOR} + {@value #CAP_SLACK_S} s; independently, neither a new chunk
 * nor a moving playhead for {@link BrowserConfig#stallCap()} aborts the session (the failure names the video
 * element's playhead, readiness and buffered ranges).
 */
public final class BrowserSessionRunner implements AutoCloseable {

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

    /** Beyond the poll's own wait, how long an asynchronous poll may take before WebDriver gives up on it. */
    private static final Duration SCRIPT_TIMEOUT_SLACK = Duration.ofSeconds(30);

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
    /** Starts each slot's next browser ahead and quits the last one behind; null: each session starts and quits its own. */
    private final SlotBrowsers slots;

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
        this(api, browserServer, serverResults, config, json, decisions, false);
    }

    private BrowserSessionRunner(TestbedApi api, URI browserServer, Path serverResults, BrowserConfig config,
                                 ObjectMapper json, Optional<URI> decisions, boolean slotBrowsers) {
        this.decisions = decisions;
        this.api = api;
        this.browserServer = browserServer;
        this.serverResults = serverResults;
        this.config = config;
        this.browsers = new BrowserFactory(config);
        this.json = json;
        this.slots = slotBrowsers ? new SlotBrowsers(browsers::start) : null;
    }

    /**
     * The same runner, but each slot's next local browser is started as soon as the slot's session has downloaded
     * its last chunk, when {@code run}'s caller says another session follows, and a finished session's browser is
     * quit in the background ({@link SlotBrowsers}). Grid browsers are not prestarted: a prestarted session would
     * hold a node slot the Grid's other sessions may need. Close the returned runner: it owns the browsers
     * prestarted and never used and the ones still quitting.
     */
    public BrowserSessionRunner prewarming() {
        return new BrowserSessionRunner(api, browserServer, serverResults, config, json, decisions, config.grid() == null);
    }

    /** Quits prestarted browsers no session took and waits for retired ones (nothing to do without {@link #prewarming}). */
    @Override
    public void close() {
        if (slots != null) {
            slots.close();
        }
    }

    /** A session's browser: from its slot (quit in the background after the session) or started and quit here. */
    private final class Lease implements AutoCloseable {
        final BrowserFactory.Browser browser;
        final boolean prestarted;

        Lease() throws IOException {
            SlotBrowsers.Taken t = slots != null ? slots.take() : new SlotBrowsers.Taken(browsers.start(), false);
            browser = t.browser();
            prestarted = t.prestarted();
        }

        @Override
        public void close() {
            if (slots != null) {
                slots.retire(browser);
            } else {
                browser.close();
            }
        }
    }

    /** What a finished session produced. */
    public record Outcome(String sessionId, List<ChunkRow> chunks, SessionQoe qoe, double wallS) {
    }

    public Outcome run(SessionRequest req, Path outDir, Map<String, Object> extraRunInfo)
            throws IOException, InterruptedException, SessionFailure {
        return run(req, outDir, extraRunInfo, () -> false);
    }

    /**
     * @param anotherFollows asked once the page has downloaded the last chunk: whether this slot will play another
     *                       session, so a {@link #prewarming} runner starts that session's browser now
     */
    public Outcome run(SessionRequest req, Path outDir, Map<String, Object> extraRunInfo, BooleanSupplier anotherFollows)
            throws IOException, InterruptedException, SessionFailure {
        Files.createDirectories(outDir);
        Files.deleteIfExists(outDir.resolve(ResultFiles.RUN_JSON));
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        SessionTimings timings = new SessionTimings();
        TestbedApi.SessionInfo info = api.create(new TestbedApi.NewSession(req.algorithm(), req.video(), req.trace(),
                req.linkMode(), req.delayMs(), req.label()));
        // the built-in link starts its trace when the server creates the session (fidelity time zero)
        long createdEpochMs = System.currentTimeMillis();
        ObjectNode run = runInfo(req, info, started, extraRunInfo);
        run.put("createdEpochMs", createdEpochMs);
        timings.mark("created");
        String browserVersion = null;
        try (Lease lease = new Lease()) {
            timings.mark("browserReady");
            run.put("browserPrestarted", lease.prestarted);
            WebDriver driver = lease.browser.driver();
            browserVersion = String.valueOf(((org.openqa.selenium.HasCapabilities) driver).getCapabilities().getBrowserVersion());
            try {
                // without a relay the page uses same-origin URLs only, so the origin it is loaded from is the one it
                // streams from; with one, the page comes from the relay and media from browserServer (PlayerPage)
                driver.get(PlayerPage.url(browserServer, info.playerUrl(), decisions).toString());
                timings.mark("pageLoaded");
                // after the last download nothing this session measures can change: the slot's next browser may start
                awaitEnd(driver, info, () -> {
                    timings.mark("lastChunk");
                    if (slots != null && anotherFollows.getAsBoolean()) {
                        slots.prestart();
                    }
                });
                timings.mark("endSeen");
            } finally {
                saveClientSide(driver, outDir);
                timings.mark("clientSaved");
            }
        } catch (SessionFailure | WebDriverException | IOException e) {
            String reason = e instanceof SessionFailure ? e.getMessage() : "browser: " + firstLine(e.getMessage());
            endQuietly(info.id(), reason);
            timings.mark("browserReleased");
            timings.writeTo(run);
            run.put("outcome", "failed").put("reason", reason).put("wallS", seconds(t0));
            ResultFiles.writeAtomically(outDir.resolve(ResultFiles.RUN_JSON), run, json);
            throw e instanceof SessionFailure f ? f : new SessionFailure(reason, e);
        }
        timings.mark("browserReleased");
        JsonNode summary = awaitServerEnd(info.id());
        timings.mark("serverEnded");
        List<ChunkRow> rows = collectServerSide(info, outDir);
        timings.mark("collected");
        SessionQoe qoe = SessionQoe.of(rows, new QoeParams(req.lambda(), QoeParams.DEFAULT_SMOOTH_PENALTY));
        double wallS = seconds(t0);
        run.put("browserVersion", browserVersion);
        run.put("outcome", ResultFiles.OUTCOME_OK).put("wallS", wallS).put("finished", Instant.now().toString());
        run.set("qoe", json.valueToTree(qoe));
        run.set("serverSummary", summary.path("qoe"));
        timings.mark("resultWrite");
        timings.writeTo(run);
        ResultFiles.finish(outDir, run, json);
        return new Outcome(info.id(), rows, qoe, wallS);
    }

    /** @param onLastChunk run once, on the first poll that sees every chunk downloaded (or the page ended) */
    private void awaitEnd(WebDriver driver, TestbedApi.SessionInfo info, Runnable onLastChunk) throws SessionFailure, InterruptedException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long capNanos = Duration.ofSeconds(sessionCapSeconds(info.totalChunks())).toNanos();
        long start = System.nanoTime();
        long lastProgress = start;
        int lastChunks = -1;
        String lastMedia = null;
        // the page answers at once when it has ended, so end detection does not wait for a poll interval
        driver.manage().timeouts().scriptTimeout(config.pollInterval().plus(SCRIPT_TIMEOUT_SLACK));
        while (true) {
            ClientState s = poll(js, config.pollInterval());
            long now = System.nanoTime();
            if (s != null && (s.chunks() >= info.totalChunks() || ClientState.ENDED.equals(s.state())) && onLastChunk != null) {
                onLastChunk.run();
                onLastChunk = null;
            }
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
            if (Thread.interrupted()) {
                throw new InterruptedException("session interrupted");
            }
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

    /** Waits up to {@code wait} for the page to end (returning at once when it does) and returns its state. */
    private ClientState poll(JavascriptExecutor js, Duration wait) {
        Object r = js.executeAsyncScript(ClientState.AWAIT_SCRIPT, wait.toMillis());
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
