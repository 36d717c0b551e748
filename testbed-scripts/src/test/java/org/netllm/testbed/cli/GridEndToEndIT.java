package org.netllm.testbed.cli;

import org.netllm.testbed.testing.SessionLogs;
import org.netllm.testbed.testing.TempTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.browser.BrowserConfig;
import org.netllm.testbed.experiment.ExperimentPlan;
import org.netllm.testbed.experiment.PlanStore;
import org.netllm.testbed.experiment.ResultFiles;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.experiment.StatusLog;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ./testbed experiment --grid URL --public-host HOST} for real: a Selenium Grid 4.47 standalone in
 * its own JVM (grid-runtime's jars, chromium-node.toml: Debian's chromedriver and Chromium), the CLI's
 * experiment command with its in-process server, fixed-3 and bba × one constant-rate trace, 2 in
 * parallel over a short generated video. The public host is 127.0.0.2, a loopback alias that is not the
 * 127.0.0.1 this JVM uses for the API, so the chunk URLs prove which origin the browsers used; the Grid's
 * log proves its node, not a local ChromeDriver, made the sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GridEndToEndIT {

    static final int CHUNKS = 4;
    static final String VIDEO = "envivio";
    static final String TRACE_SET = "grid";
    /** 4 Mbit/s = one 1500-byte packet every 3 ms, for 60 s: every quality downloads faster than real time. */
    static final int PACKET_EVERY_MS = 3;
    static final int TRACE_MS = 60_000;
    static final List<String> ALGORITHMS = List.of("fixed-3", "bba");
    static final int PARALLEL = 2;
    static final String PUBLIC_HOST = "127.0.0.2";
    /** A 2-core machine shared with other builds starts the Grid JVM in ~5-20 s. */
    static final Duration GRID_READY = Duration.ofSeconds(120);
    static final String NODE_CREATED = "Session created by the Node";

    final ObjectMapper json = new ObjectMapper();
    Path root;
    Path exp;
    URI gridUrl;
    String gridLog;
    int exitCode;
    String cliErr;
    ExperimentPlan plan;

    @BeforeAll
    void runExperimentOnTheGrid() throws Exception {
        assumeTrue(Files.isExecutable(BrowserConfig.DEFAULT_CHROMEDRIVER),
                BrowserConfig.DEFAULT_CHROMEDRIVER + " is missing: the Grid node has no driver (apt-get install chromium-driver); skipping");
        Path repo = RepoRoot.get();
        root = Files.createTempDirectory("testbed-grid-");
        VideoSpec table = SizeTables.load(VIDEO);
        new VideoGenerator(Ffmpeg.locate()).generate(GeneratorSettings.defaults(VIDEO, table, CHUNKS, GenerationMode.SIZE_MATCHED),
                root.resolve("content"), false);
        Path set = Files.createDirectories(root.resolve(ServerOptions.TRACES_DIR).resolve(TRACE_SET));
        StringBuilder trace = new StringBuilder();
        for (int ms = 0; ms <= TRACE_MS; ms += PACKET_EVERY_MS) {
            trace.append(ms).append('\n');
        }
        Files.writeString(set.resolve("const4"), trace.toString());
        exp = root.resolve("results/grid");

        long t0 = System.nanoTime();
        try (GridStandalone grid = GridStandalone.start(repo, root.resolve("grid.log"), GRID_READY)) {
            gridUrl = grid.url();
            System.out.printf("grid ready at %s after %.1f s%n", gridUrl, (System.nanoTime() - t0) / 1e9);
            // the CLI resolves traces/ and plan paths against the repo root: point it at this test's root
            String previousRoot = System.getProperty(RepoRoot.PROPERTY);
            System.setProperty(RepoRoot.PROPERTY, root.toString());
            try {
                CommandLine cli = new CommandLine(new Main());
                cli.setExecutionExceptionHandler(new CliErrors());
                StringWriter err = new StringWriter();
                cli.setErr(new PrintWriter(err, true));
                exitCode = cli.execute("experiment", "--algorithms", String.join(",", ALGORITHMS),
                        "--traces", ServerOptions.TRACES_DIR + "/" + TRACE_SET, "--sample", "1", "--parallel", Integer.toString(PARALLEL),
                        "--retries", "0", "--video", VIDEO, "--content", root.resolve("content").toString(),
                        "--grid", gridUrl.toString(), "--public-host", PUBLIC_HOST, "--out", exp.toString());
                cliErr = err.toString();
            } finally {
                if (previousRoot == null) {
                    System.clearProperty(RepoRoot.PROPERTY);
                } else {
                    System.setProperty(RepoRoot.PROPERTY, previousRoot);
                }
            }
            gridLog = grid.logText();
        }
        System.out.printf("grid start + %d-session experiment + grid stop: %.1f s%n", ALGORITHMS.size(), (System.nanoTime() - t0) / 1e9);
        Path planFile = exp.resolve(PlanStore.FILE);
        plan = Files.isRegularFile(planFile) ? new PlanStore(json).read(planFile) : null;
    }

    /** The plan the CLI wrote; a failure before it names the CLI's error and the Grid's log. */
    ExperimentPlan plan() {
        assertNotNull(plan, "no plan.json: experiment exit " + exitCode + ", stderr: " + cliErr + "\ngrid log:\n" + gridLog);
        return plan;
    }

    @AfterAll
    void cleanUp() throws Exception {
        TempTrees.delete(root);
    }

    @Test
    void bothSessionsCompleteWithPerChunkLogs() throws Exception {
        List<StatusLog.Entry> status = new StatusLog(exp, json).read();
        assertEquals(0, exitCode, "experiment exit code; stderr: " + cliErr + "\nstatus: " + status + "\ngrid log:\n" + gridLog);
        assertEquals(ALGORITHMS.size(), plan().sessions().size());
        assertEquals(ALGORITHMS.size(), status.stream().filter(e -> e.state() == StatusLog.State.DONE).count(), status.toString());
        for (SessionSpec spec : plan().sessions()) {
            Path d = spec.resultDir(exp);
            for (String f : List.of(ResultFiles.CHUNKS_JSONL, ResultFiles.SESSION_JSON, ResultFiles.CLIENT_JSON,
                    ResultFiles.CHUNKS_CSV, ResultFiles.RUN_JSON)) {
                assertTrue(Files.isRegularFile(d.resolve(f)), d.resolve(f) + " missing");
            }
            assertEquals(CHUNKS, Files.readAllLines(d.resolve(ResultFiles.CHUNKS_JSONL)).size(), spec.key() + " server chunk log");
            assertEquals("ok", json.readTree(d.resolve(ResultFiles.RUN_JSON).toFile()).path("outcome").asText(), spec.key());
        }
    }

    @Test
    void runJsonRecordsTheGridAndTheOriginTheBrowserUsed() throws Exception {
        for (SessionSpec spec : plan().sessions()) {
            JsonNode run = json.readTree(spec.resultDir(exp).resolve(ResultFiles.RUN_JSON).toFile());
            assertEquals(gridUrl.toString(), run.path("grid").asText(), spec.key());
            assertEquals("grid " + gridUrl, run.path("browser").asText(), spec.key());
            URI api = URI.create(run.path("server").asText());
            URI browser = URI.create(run.path("browserServer").asText());
            assertEquals("127.0.0.1", api.getHost(), spec.key() + ": this JVM talks to the API on loopback");
            assertEquals(PUBLIC_HOST, browser.getHost(), spec.key() + ": the browser loads the player from --public-host");
            assertEquals(api.getPort(), browser.getPort(), spec.key() + ": same server, other address");
            assertNotNull(run.path("browserVersion").textValue(), spec.key() + ": the Grid session's capabilities name the browser");
        }
    }

    @Test
    void browsersStreamedFromThePublicHostWhatTheServerChose() throws Exception {
        for (SessionSpec spec : plan().sessions()) {
            Path d = spec.resultDir(exp);
            SessionLogs logs = SessionLogs.read(json, d);
            String origin = logs.run().path("browserServer").asText();
            int initial = logs.initialQuality();
            List<JsonNode> server = logs.serverChunks();
            List<JsonNode> client = logs.clientChunks();
            assertEquals(CHUNKS, client.size(), spec.key());
            for (int k = 0; k < CHUNKS; k++) {
                String at = spec.key() + " chunk " + k;
                int chosen = k == 0 ? initial : server.get(k - 1).path("nextQuality").asInt();
                String url = client.get(k).path("url").asText();
                assertTrue(url.startsWith(origin), at + ": fetched " + url + ", not from " + origin);
                assertEquals(chosen, client.get(k).path("quality").asInt(), at + ": fetched at a quality the server did not choose");
                assertEquals(server.get(k).path("bytes").asLong(), client.get(k).path("bytes").asLong(), at);
                if (spec.algorithm().equals("fixed-3") && k > 0) {
                    assertEquals(3, chosen, at);
                }
            }
        }
    }

    @Test
    void theGridNodeCreatedEverySession() {
        Matcher m = Pattern.compile(Pattern.quote(NODE_CREATED)).matcher(gridLog);
        int created = 0;
        while (m.find()) {
            created++;
        }
        assertEquals(ALGORITHMS.size(), created, "sessions the Grid node created (retries are off)\n" + gridLog);
    }
}
