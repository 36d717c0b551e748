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
 * ({@code mm-delay 40 mm-loss … mm-link 12mbps 12mbps -- …}). Runs only where Mahimahi is installed,
 * the user is not root (Mahimahi refuses root) and {@code net.ipv4.ip_forward=1}; otherwise it is
 * skipped and says which of these is missing. Not run on the development machine (Debian 12 has no
 * Mahimahi package).
 */
class MahimahiIntegrationTest {

    static final String MM_TRACE = "traces/relay/mm12";
    /** One 1500-byte delivery opportunity per ms: 12 Mbit/s, GENET's uplink. */
    static final String TWELVE_MBPS = "1\n";

    /** Why the tests cannot run here, or null. */
    static String missing;

    @BeforeAll
    static void checkMahimahi() throws Exception {
        Optional<MahimahiShell> found = MahimahiShell.detect();
        String why = found.isEmpty() ? "mm-delay/mm-link are not on PATH"
                : found.get().mmLoss().isEmpty() ? "mm-loss is not on PATH"
                : "root".equals(System.getProperty("user.name")) ? "running as root (Mahimahi's shells refuse root)"
                : !ipForwarding() ? "net.ipv4.ip_forward is 0 (sysctl -w net.ipv4.ip_forward=1)"
                : null;
        if (why != null) {
            System.err.println("MahimahiIntegrationTest SKIPPED: " + why + "; see netem/README.md \"Mahimahi\"");
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
        assertTrue(run.get("decisions").asText().startsWith("http://127.0.0.1:"), run.toString());
        assertTrue(Files.readString(root.resolve("out").resolve(MahimahiSessionExecutor.RELAY_LOG))
                .contains("decision relay stopping after " + DecisionRelaySessionTest.CHUNKS + " decisions"));
    }

    @Test
    void crossLinkSessionInsideTheRealShell(@TempDir Path root) throws Exception {
        JsonNode run = session(root, DecisionPath.CROSS_LINK);
        assertEquals(run.get("server").asText(), run.get("decisions").asText(), "decisions went to $MAHIMAHI_BASE");
    }

    private JsonNode session(Path root, DecisionPath path) throws Exception {
        DecisionRelaySessionTest.prepare(root);
        Files.writeString(root.resolve(MM_TRACE), TWELVE_MBPS);
        Path uplink = Files.writeString(root.resolve("12mbps"), TWELVE_MBPS);
        Path sock = root.resolve("server/decisions.sock");
        String saved = System.getProperty("testbed.root");
        System.setProperty("testbed.root", root.toString());
        try (ServerHandle server = InProcessServer.start(root.resolve("traces"), root.resolve("content"), root.resolve("server"),
                InProcessServer.ALL_INTERFACES, path == DecisionPath.BYPASS ? Optional.of(sock) : Optional.empty())) {
            ExperimentConfig cfg = new ExperimentConfig(List.of("bba"), List.of("traces/relay"), 1, 1, 1,
                    DecisionRelaySessionTest.VIDEO, 4.3, ExperimentConfig.Emulator.MAHIMAHI, 1);
            MahimahiSessionExecutor ex = new MahimahiSessionExecutor(
                    (trace, cmd) -> MahimahiShell.commandLine(MahimahiShellSpec.genet(uplink, trace, cmd)), cfg,
                    server.baseUrl().getPort(), server.resultsDir(), 600, path,
                    path == DecisionPath.BYPASS ? Optional.of(sock) : Optional.empty());
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
