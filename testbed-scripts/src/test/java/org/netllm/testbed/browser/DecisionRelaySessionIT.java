package org.netllm.testbed.browser;

import org.netllm.testbed.testing.TempTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.experiment.ResultFiles;
import org.netllm.testbed.experiment.ServerHandle;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;
import org.netllm.testbed.server.relay.DecisionRelay;
import org.netllm.testbed.server.relay.RelayConfig;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Mahimahi "decisions bypass the link" path without Mahimahi: real Chromium, real server (TCP for
 * media, a real Unix-domain socket for decisions), real relay. The page comes from the relay's loopback
 * origin, media from the server's origin — this host's non-loopback address when it has one, as
 * {@code $MAHIMAHI_BASE} is inside a shell — and every decision goes page → relay → socket → server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionRelaySessionIT {

    static final int CHUNKS = 6;
    static final String VIDEO = "envivio";
    static final String TRACE = "traces/relay/flat";

    final ObjectMapper json = new ObjectMapper();
    Path root;
    /** What a shell would see as $MAHIMAHI_BASE: a non-loopback address of this host (loopback if none). */
    String mediaHost;

    @BeforeAll
    void video() throws Exception {
        root = prepare(Files.createTempDirectory("relay-"));
        mediaHost = nonLoopbackAddress().orElse(InProcessServer.LOOPBACK);
    }

    /** A {@value #CHUNKS}-chunk generated video under content/ and a trace file at {@value #TRACE}. */
    static Path prepare(Path root) throws Exception {
        VideoSpec table = SizeTables.load(VIDEO);
        new VideoGenerator(Ffmpeg.locate()).generate(GeneratorSettings.defaults(VIDEO, table, CHUNKS, GenerationMode.SIZE_MATCHED),
                root.resolve("content"), false);
        Files.createDirectories(root.resolve(TRACE).getParent());
        Files.writeString(root.resolve(TRACE), "0\n1\n");
        return root;
    }

    @AfterAll
    void cleanUp() throws Exception {
        TempTrees.delete(root);
    }

    @Test
    void sessionCompletesWithDecisionsThroughTheRelayAndMediaFromTheServer() throws Exception {
        Path sock = root.resolve("s1/decisions.sock");
        Path out = root.resolve("out1");
        try (ServerHandle server = InProcessServer.start(root.resolve("traces"), root.resolve("content"), root.resolve("s1"),
                InProcessServer.ALL_INTERFACES, Optional.of(sock));
             DecisionRelay relay = new DecisionRelay(RelayConfig.of(sock, 0)).start()) {
            URI media = URI.create("http://" + mediaHost + ":" + server.baseUrl().getPort() + "/");
            BrowserSessionRunner runner = new BrowserSessionRunner(new TestbedApi(media, json), server.resultsDir(),
                    BrowserConfig.local(), json, Optional.of(URI.create(relay.baseUrl() + "/")));
            BrowserSessionRunner.Outcome o = runner.run(new SessionRequest("bba", VIDEO, null, 4.3, SessionRequest.LINK_NONE,
                    SessionRequest.DEFAULT_DELAY_MS, "relay-test"), out, Map.of());
            assertEquals(CHUNKS, o.chunks().size());
            // every chunk's record is POSTed (the last one after it is buffered): all of them via the relay
            assertEquals(CHUNKS, relay.decisionsForwarded(), "decisions that went through the relay");
            assertMediaFrom(out, media);
            JsonNode run = json.readTree(out.resolve(ResultFiles.RUN_JSON).toFile());
            assertEquals(relay.baseUrl() + "/", run.get("decisions").asText());
        }
    }

    /**
     * Why the relay serves the page: the other layout — page from the server's (non-loopback) origin, decisions
     * to the loopback relay — is blocked by Chromium's private-network rules ("the request client is not a secure
     * context and the resource is in more-private address space loopback"; Chromium 156 here). If a future
     * Chromium allows it, this test fails and the relay-origin page is no longer necessary.
     */
    @Test
    void pageFromTheServerOriginCannotReachALoopbackRelay() throws Exception {
        assumeTrue(!InProcessServer.LOOPBACK.equals(mediaHost), "this host has no non-loopback IPv4 address");
        Path sock = root.resolve("s3/decisions.sock");
        try (ServerHandle server = InProcessServer.start(root.resolve("traces"), root.resolve("content"), root.resolve("s3"),
                InProcessServer.ALL_INTERFACES, Optional.of(sock));
             DecisionRelay relay = new DecisionRelay(RelayConfig.of(sock, 0)).start();
             BrowserFactory.Browser browser = new BrowserFactory(BrowserConfig.local()).start()) {
            URI media = URI.create("http://" + mediaHost + ":" + server.baseUrl().getPort() + "/");
            TestbedApi api = new TestbedApi(media, json);
            TestbedApi.SessionInfo info = api.create(new TestbedApi.NewSession("bba", VIDEO, null, SessionRequest.LINK_NONE,
                    SessionRequest.DEFAULT_DELAY_MS, "blocked-layout"));
            browser.driver().get(media.resolve(info.playerUrl() + "&decisions="
                    + URLEncoder.encode(relay.baseUrl(), StandardCharsets.UTF_8)).toString());
            JsonNode state = null;
            for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < end; Thread.sleep(200)) {
                Object dump = ((JavascriptExecutor) browser.driver()).executeScript(ClientState.DUMP_SCRIPT);
                state = dump instanceof String d ? json.readTree(d) : null;
                if (state != null && !"loading".equals(state.path("state").asText())) {
                    break;
                }
            }
            assertEquals("error", state == null ? null : state.path("state").asText(), String.valueOf(state));
            assertTrue(state.path("error").asText().contains("Failed to fetch"), state.toString());
            String console = browser.driver().manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(e -> e.getMessage()).reduce("", (x, y) -> x + "\n" + y);
            assertTrue(console.contains("more-private address space"), console);
            assertEquals(0, relay.decisionsForwarded());
        }
    }

    /**
     * The executor's bypass script run for real, with Mahimahi replaced by {@code env MAHIMAHI_BASE=<host>}:
     * the relay starts as its own JVM, the script waits for its port, the session (another JVM) plays
     * through it, the script stops the relay and returns the session's status.
     */
    @Test
    void mahimahiBypassScriptRunsWithoutTheShell() throws Exception {
        Path sock = root.resolve("s2/decisions.sock");
        String saved = System.getProperty("testbed.root");
        System.setProperty("testbed.root", root.toString());
        try (ServerHandle server = InProcessServer.start(root.resolve("traces"), root.resolve("content"), root.resolve("s2"),
                InProcessServer.ALL_INTERFACES, Optional.of(sock))) {
            ExperimentConfig cfg = new ExperimentConfig(List.of("bba"), List.of("traces/relay"), 1, 1, 1, VIDEO, 4.3,
                    ExperimentConfig.Emulator.MAHIMAHI, 1);
            MahimahiSessionExecutor ex = new MahimahiSessionExecutor((trace, cmd) -> withBase(cmd), cfg,
                    server.baseUrl().getPort(), server.resultsDir(), 600, DecisionPath.BYPASS, Optional.of(sock));
            SessionSpec spec = new SessionSpec("bba", "relay", TRACE, 0);
            Path out = root.resolve("out2");
            ex.execute(spec, out);
            JsonNode run = json.readTree(out.resolve(ResultFiles.RUN_JSON).toFile());
            assertEquals(ResultFiles.OUTCOME_OK, run.get("outcome").asText(), run.toString());
            String port = Files.readString(out.resolve(MahimahiSessionExecutor.RELAY_READY_FILE)).trim();
            assertEquals("http://127.0.0.1:" + port + "/", run.get("decisions").asText());
            assertMediaFrom(out, URI.create("http://" + mediaHost + ":" + server.baseUrl().getPort() + "/"));
            String relayLog = Files.readString(out.resolve(MahimahiSessionExecutor.relayLog(1)));
            assertTrue(relayLog.contains("decision relay stopping after " + CHUNKS + " decisions"), relayLog);
        } finally {
            if (saved == null) {
                System.clearProperty("testbed.root");
            } else {
                System.setProperty("testbed.root", saved);
            }
        }
    }

    private List<String> withBase(List<String> cmd) {
        List<String> argv = new java.util.ArrayList<>(List.of("env", MahimahiSessionExecutor.BASE_ENV + "=" + mediaHost));
        argv.addAll(cmd);
        return argv;
    }

    /** Every chunk the page fetched came from the server's (media) origin, not the relay's. */
    private void assertMediaFrom(Path out, URI media) throws Exception {
        JsonNode client = json.readTree(out.resolve(ResultFiles.CLIENT_JSON).toFile());
        assertEquals(CHUNKS, client.get("chunks").size());
        String origin = "http://" + media.getHost() + ":" + media.getPort() + "/s/";
        for (JsonNode c : client.get("chunks")) {
            assertTrue(c.get("url").asText().startsWith(origin), c.get("url").asText());
        }
    }

    private static Optional<String> nonLoopbackAddress() throws Exception {
        for (NetworkInterface ni : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }
}
