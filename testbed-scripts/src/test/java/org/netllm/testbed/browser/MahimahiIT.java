package org.netllm.testbed.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.experiment.ResultFiles;
import org.netllm.testbed.experiment.ServerHandle;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.netem.MahimahiShell;
import org.netllm.testbed.netem.MahimahiShellSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One real-browser session per decision path inside GENET's real Mahimahi shell
 * ({@code mm-delay 40 mm-loss … mm-link 12mbps 12mbps -- …}). Runs wherever Mahimahi is installed and
 * {@code net.ipv4.ip_forward=1}; as root, the shells run as {@link ShellUser} ({@code TESTBED_MAHIMAHI_USER},
 * default {@code nobody}) like a root runner's. Elsewhere it is skipped and says which of these is missing
 * and how to get Mahimahi.
 */
class MahimahiIT {

    static final String MM_TRACE = "traces/relay/mm12";
    /** One 1500-byte delivery opportunity per ms: 12 Mbit/s, GENET's uplink. */
    static final String TWELVE_MBPS = "1\n";

    /** Why the tests cannot run here, or null. */
    static String missing;

    @BeforeAll
    static void checkMahimahi() throws Exception {
        Optional<MahimahiShell> found = MahimahiShell.detect();
        String why = found.isEmpty() ? "mm-delay/mm-link are not on PATH (" + MahimahiShell.INSTALL_HINT + ")"
                : found.get().mmLoss().isEmpty() ? "mm-loss is not on PATH (" + MahimahiShell.INSTALL_HINT + ")"
                : !ipForwarding() ? "net.ipv4.ip_forward is 0 (sysctl -w net.ipv4.ip_forward=1)"
                : null;
        if (why != null) {
            System.err.println("MahimahiIT SKIPPED: " + why + "; see netem/README.md \"Mahimahi\"");
        }
        missing = why;
    }

    /** Per test, so each one is reported as skipped with the reason. */
    @BeforeEach
    void requireMahimahi() {
        assumeTrue(missing == null, "SKIPPED (Mahimahi integration): " + missing + "; see netem/README.md \"Mahimahi\"");
    }

    private static boolean ipForwarding() throws Exception {
        Path p = Path.of("/proc/sys/net/ipv4/ip_forward");
        return Files.isReadable(p) && Files.readString(p).trim().equals("1");
    }

    @Test
    void bypassSessionInsideTheRealShell(@TempDir Path root) throws Exception {
        JsonNode run = session(root, DecisionPath.BYPASS);
        assertNoServerDelay(root.resolve("out"));
        assertTrue(run.get("decisions").asText().startsWith("http://127.0.0.1:"), run.toString());
        assertTrue(Files.readString(root.resolve("out").resolve(MahimahiSessionExecutor.relayLog(1)))
                .contains("decision relay stopping after " + DecisionRelaySessionIT.CHUNKS + " decisions"));
    }

    @Test
    void crossLinkSessionInsideTheRealShell(@TempDir Path root) throws Exception {
        JsonNode run = session(root, DecisionPath.CROSS_LINK);
        assertNoServerDelay(root.resolve("out"));
        assertEquals(run.get("server").asText(), run.get("decisions").asText(), "decisions went to $MAHIMAHI_BASE");
    }

    /** Media cross mm-delay 40 only: the server's own link must be "none" with no delay (issue: TTFB 211 ms). */
    private static void assertNoServerDelay(Path out) throws Exception {
        JsonNode link = new ObjectMapper().readTree(out.resolve(ResultFiles.SESSION_JSON).toFile()).path("link");
        assertEquals("none", link.path("mode").asText(), link.toString());
        assertEquals(0, link.path("delayMs").asInt(-1), "the server adds no delay under Mahimahi: " + link);
        JsonNode run = new ObjectMapper().readTree(out.resolve(ResultFiles.RUN_JSON).toFile());
        long shellUp = run.path("extra").path("traceStartEpochMs").asLong();
        assertTrue(shellUp > 0 && shellUp <= run.path("createdEpochMs").asLong(),
                "trace time zero = shell start, before the session was created: " + run);
        // one RTT of mm-delay 40 is 80 ms; with the server's 40 ms each way added it was 160+
        List<Long> ttfb = org.netllm.testbed.report.ChunkCsv.read(out.resolve(ResultFiles.CHUNKS_CSV)).stream()
                .map(r -> r.firstByteTimeMs() - r.requestTimeMs()).sorted().toList();
        assertTrue(ttfb.get(ttfb.size() / 2) < 150, "median time to first byte under mm-delay 40: " + ttfb);
    }

    private JsonNode session(Path root, DecisionPath path) throws Exception {
        DecisionRelaySessionIT.prepare(root);
        Optional<ShellUser> runAs = ShellUser.forThisJvm();
        if (runAs.isPresent()) {
            // the shell user reads the repo root and traces, and writes the result folder
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(root.resolve(MM_TRACE), TWELVE_MBPS);
        Path uplink = Files.writeString(root.resolve("12mbps"), TWELVE_MBPS);
        Path sock = root.resolve("server/decisions.sock");
        String saved = System.getProperty("testbed.root");
        System.setProperty("testbed.root", root.toString());
        try (ServerHandle server = InProcessServer.start(root.resolve("traces"), root.resolve("content"), root.resolve("server"),
                InProcessServer.ALL_INTERFACES, path == DecisionPath.BYPASS ? Optional.of(sock) : Optional.empty())) {
            ExperimentConfig cfg = new ExperimentConfig(List.of("bba"), List.of("traces/relay"), 1, 1, 1,
                    DecisionRelaySessionIT.VIDEO, 4.3, ExperimentConfig.Emulator.MAHIMAHI, 1);
            MahimahiSessionExecutor ex = new MahimahiSessionExecutor(
                    (trace, cmd) -> MahimahiShell.commandLine(MahimahiShellSpec.genet(uplink, trace, cmd)), cfg,
                    server.baseUrl().getPort(), server.resultsDir(), 600, path,
                    path == DecisionPath.BYPASS ? Optional.of(sock) : Optional.empty(), runAs);
            Path out = root.resolve("out");
            ex.execute(new SessionSpec("bba", "relay", MM_TRACE, 0), out);
            JsonNode run = new ObjectMapper().readTree(out.resolve(ResultFiles.RUN_JSON).toFile());
            assertEquals(ResultFiles.OUTCOME_OK, run.get("outcome").asText(), run.toString());
            return run;
        } finally {
            if (saved == null) {
                System.clearProperty("testbed.root");
            } else {
                System.setProperty("testbed.root", saved);
            }
        }
    }
}
