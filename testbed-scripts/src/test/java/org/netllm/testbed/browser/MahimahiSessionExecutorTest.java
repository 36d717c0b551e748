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

    private MahimahiSessionExecutor executor(DecisionPath path, Optional<Path> socket) throws Exception {
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
    void crossLinkRunsTheSessionAloneInsideGenetsShell() throws Exception {
        Path out = root.resolve("out");
        List<String> argv = executor(DecisionPath.CROSS_LINK, Optional.empty()).argv(spec, out, 1);
        assertGenetShell(argv);
        String inner = argv.get(14);
        assertTrue(inner.contains("org.netllm.testbed.cli.Main session"), inner);
        assertTrue(inner.contains("--server \"http://$MAHIMAHI_BASE:41234/\""), inner);
        // mm-delay 40 is the link's whole delay: the server adds none (issue: TTFB 211 ms with 40 ms added twice)
        assertTrue(inner.contains("--link none --delay-ms 0 "), inner);
        List<String> lines = List.of(inner.split("\n"));
        assertEquals("shell_up=$(date +%s%3N); echo $shell_up > '" + out.resolve("shell-up-1") + "'", lines.get(0),
                "the trace's time zero is recorded first, when every nested shell is up");
        assertTrue(inner.contains("--trace-start-epoch-ms $shell_up"), inner);
        assertTrue(inner.contains("--trace 'traces/fcc-real/t1'"), inner);
        assertTrue(inner.contains("--experiment-key 'bba/fcc-real/t1/r0'"), inner);
        assertFalse(inner.contains("DecisionRelay"), "no relay: decisions go to $MAHIMAHI_BASE across the link");
        assertFalse(inner.contains("--decisions"), inner);
        String session = lines.stream().filter(l -> l.contains("org.netllm.testbed.cli.Main session")).findFirst().orElseThrow();
        assertTrue(session.endsWith(" &"), "the session runs beside the watchdog: " + session);
        assertTrue(inner.contains("/proc/" + ProcessHandle.current().pid() + "/stat"), "the watchdog watches this runner: " + inner);
        assertTrue(inner.contains("\"" + MahimahiSessionExecutor.runnerStartTicks() + "\""), inner);
        assertEquals(List.of("wait $session", "rc=$?", "kill $watchdog $relay 2>/dev/null; wait $relay 2>/dev/null", "exit $rc"),
                lines.subList(lines.size() - 4, lines.size()), "the session's exit status is the shell's");
    }

    @Test
    void eachAttemptKeepsItsOwnLogAndTheFailureNamesTheCause() throws Exception {
        Path out = Files.createDirectories(root.resolve("out"));
        assertEquals(1, MahimahiSessionExecutor.nextAttempt(out));
        Files.writeString(out.resolve("mahimahi-1.log"), "x");
        Files.writeString(out.resolve("mahimahi-2.log"), "x");
        assertEquals(3, MahimahiSessionExecutor.nextAttempt(out), "a retry never overwrites an earlier attempt's log");
        Path log = Files.writeString(out.resolve("l"), String.join("\n", "Starting session",
                "Died on std::runtime_error: RTNETLINK answers: File exists", "packetshell exited with failure status 1",
                "delayshell exited with failure status 1", "") );
        assertEquals("Died on std::runtime_error: RTNETLINK answers: File exists", MahimahiSessionExecutor.cause(log));
        Files.writeString(log, "a\nb\nc\nd\n");
        assertEquals("b | c | d", MahimahiSessionExecutor.cause(log), "no line names a cause: the tail");
    }

    @Test
    void bypassStartsTheRelayInsideTheShellThenTheSessionThroughIt() throws Exception {
        Path sock = root.resolve("server/decisions.sock");
        Path out = root.resolve("out");
        List<String> argv = executor(DecisionPath.BYPASS, Optional.of(sock)).argv(spec, out, 2);
        assertGenetShell(argv);
        List<String> all = List.of(argv.get(14).split("\n"));
        assertTrue(all.get(0).startsWith("shell_up=$(date +%s%3N)"), all.get(0));
        assertEquals("relay=", all.get(1));
        List<String> lines = all.subList(2, all.size());
        String ready = "'" + out.resolve("relay.port") + "'";
        assertEquals("rm -f " + ready, lines.get(0));
        String relay = lines.get(1);
        assertTrue(relay.contains(" -cp '" + System.getProperty("java.class.path") + "' org.netllm.testbed.server.relay.DecisionRelay"
                + " --socket '" + sock + "' --host 127.0.0.1 --port 0 --ready-file " + ready), relay);
        assertTrue(relay.endsWith(" >'" + out.resolve("relay-2.log") + "' 2>&1 &"), "backgrounded, logged per attempt: " + relay);
        assertEquals("relay=$!", lines.get(2));
        assertTrue(lines.get(4).startsWith("for i in $(seq 1 600); do [ -s " + ready + " ] && break;"), lines.get(4));
        String session = lines.stream().filter(l -> l.contains("org.netllm.testbed.cli.Main session")).findFirst().orElseThrow();
        assertTrue(lines.indexOf(session) > 4, "the session starts after the readiness wait");
        assertTrue(session.contains("--server \"http://$MAHIMAHI_BASE:41234/\""), "media still cross the link: " + session);
        assertTrue(session.endsWith("--decisions \"http://127.0.0.1:$(cat " + ready + ")/\" &"), session);
        assertTrue(session.contains("--link none --delay-ms 0 "), session);
        assertEquals(List.of("wait $session", "rc=$?", "kill $watchdog $relay 2>/dev/null; wait $relay 2>/dev/null", "exit $rc"),
                lines.subList(lines.size() - 4, lines.size()), "the session's exit status is the shell's");
    }

    @Test
    void bypassNeedsTheSocket() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> executor(DecisionPath.BYPASS, Optional.empty()));
        assertTrue(e.getMessage().contains("socket"), e.getMessage());
    }
}
