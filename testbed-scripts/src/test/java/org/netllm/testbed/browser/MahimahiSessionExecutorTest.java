package org.netllm.testbed.browser;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.netem.MahimahiShell;
import org.netllm.testbed.netem.MahimahiShellSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact command lines of both decision paths (Mahimahi itself is not installed here). */
class MahimahiSessionExecutorTest {

    @TempDir
    Path root;
    Path up;
    Path down;
    String savedRoot;
    final SessionSpec spec = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t1", 0);

    @BeforeEach
    void traces() throws Exception {
        up = Files.writeString(root.resolve("12mbps"), "1\n");
        Files.createDirectories(root.resolve("traces/fcc-real"));
        down = Files.writeString(root.resolve("traces/fcc-real/t1"), "0\n5\n");
        // surefire sets testbed.root for every test class in this JVM: restore it afterwards
        savedRoot = System.getProperty("testbed.root");
        System.setProperty("testbed.root", root.toString());
    }

    @AfterEach
    void restore() {
        if (savedRoot == null) {
            System.clearProperty("testbed.root");
        } else {
            System.setProperty("testbed.root", savedRoot);
        }
    }

    private MahimahiSessionExecutor executor(DecisionPath path, Optional<Path> socket) {
        ExperimentConfig cfg = new ExperimentConfig(List.of("bba"), List.of("traces/fcc-real"), 1, 1, 1, "envivio", 4.3,
                ExperimentConfig.Emulator.MAHIMAHI, 3);
        return new MahimahiSessionExecutor((trace, cmd) -> MahimahiShell.commandLine(MahimahiShellSpec.genet(up, trace, cmd)),
                cfg, 41234, root.resolve("server"), 700, path, socket);
    }

    private void assertGenetShell(List<String> argv) {
        assertEquals(List.of("mm-delay", "40", "mm-loss", "uplink", "0", "mm-loss", "downlink", "0", "mm-link",
                up.toString(), down.toAbsolutePath().toString(), "--", "bash", "-c"), argv.subList(0, 14));
        assertEquals(15, argv.size());
    }

    @Test
    void crossLinkRunsTheSessionAloneInsideGenetsShell() {
        List<String> argv = executor(DecisionPath.CROSS_LINK, Optional.empty()).argv(spec, root.resolve("out"));
        assertGenetShell(argv);
        String inner = argv.get(14);
        assertTrue(inner.contains("org.netllm.testbed.cli.Main session"), inner);
        assertTrue(inner.contains("--server \"http://$MAHIMAHI_BASE:41234/\""), inner);
        assertTrue(inner.contains("--link none"), inner);
        assertTrue(inner.contains("--trace 'traces/fcc-real/t1'"), inner);
        assertTrue(inner.contains("--experiment-key 'bba/fcc-real/t1/r0'"), inner);
        assertFalse(inner.contains("DecisionRelay"), "no relay: decisions go to $MAHIMAHI_BASE across the link");
        assertFalse(inner.contains("--decisions"), inner);
        assertFalse(inner.contains("\n"), "one command");
    }

    @Test
    void bypassStartsTheRelayInsideTheShellThenTheSessionThroughIt() {
        Path sock = root.resolve("server/decisions.sock");
        Path out = root.resolve("out");
        List<String> argv = executor(DecisionPath.BYPASS, Optional.of(sock)).argv(spec, out);
        assertGenetShell(argv);
        List<String> lines = List.of(argv.get(14).split("\n"));
        String ready = "'" + out.resolve("relay.port") + "'";
        assertEquals("rm -f " + ready, lines.get(0));
        String relay = lines.get(1);
        assertTrue(relay.contains(" -cp '" + System.getProperty("java.class.path") + "' org.netllm.testbed.server.relay.DecisionRelay"
                + " --socket '" + sock + "' --host 127.0.0.1 --port 0 --ready-file " + ready), relay);
        assertTrue(relay.endsWith(" >'" + out.resolve("relay.log") + "' 2>&1 &"), "backgrounded, logged: " + relay);
        assertEquals("relay=$!", lines.get(2));
        assertTrue(lines.get(4).startsWith("for i in $(seq 1 600); do [ -s " + ready + " ] && break;"), lines.get(4));
        String session = lines.stream().filter(l -> l.contains("org.netllm.testbed.cli.Main session")).findFirst().orElseThrow();
        assertTrue(lines.indexOf(session) > 4, "the session starts after the readiness wait");
        assertTrue(session.contains("--server \"http://$MAHIMAHI_BASE:41234/\""), "media still cross the link: " + session);
        assertTrue(session.endsWith("--decisions \"http://127.0.0.1:$(cat " + ready + ")/\""), session);
        assertEquals(List.of("rc=$?", "kill $relay 2>/dev/null; wait $relay 2>/dev/null", "exit $rc"),
                lines.subList(lines.size() - 3, lines.size()), "the session's exit status is the shell's");
    }

    @Test
    void bypassNeedsTheSocket() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> executor(DecisionPath.BYPASS, Optional.empty()));
        assertTrue(e.getMessage().contains("socket"), e.getMessage());
    }
}
