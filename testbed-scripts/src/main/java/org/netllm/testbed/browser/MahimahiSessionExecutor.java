package org.netllm.testbed.browser;

import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.SessionExecutor;
import org.netllm.testbed.experiment.SessionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code --emulator mahimahi}: like GENET (abr-reference §8.1), each session's browser runs inside
 * its own Mahimahi shell. The shell runs {@code ./testbed session} (same JVM classpath) against the
 * shared server, which it reaches at {@code $MAHIMAHI_BASE} — the shell's view of the host — so
 * media crosses mm-link and the server does not shape again (link mode "none").
 *
 * <p>Decisions, two paths ({@link DecisionPath}):
 * <ul>
 *   <li>{@code bypass} (default, as GENET, whose ABR server ran inside the namespace on localhost): the
 *       shell first starts a {@code DecisionRelay} on its own loopback, pointed at the server's Unix-domain
 *       socket (reachable through the file system from any network namespace), waits until it listens,
 *       then runs the session with {@code --decisions} = the relay. The page and every decision/report
 *       request use the relay, unshaped; media goes to {@code $MAHIMAHI_BASE} across the link.</li>
 *   <li>{@code cross-link}: no relay; decision POSTs cross mm-delay and mm-link like media, each paying
 *       the 80 ms RTT plus any queueing behind media (abr-reference §9.21).</li>
 * </ul>
 */
public final class MahimahiSessionExecutor implements SessionExecutor {

    /** Mahimahi sets this inside the shell to the host side's address. */
    static final String BASE_ENV = "MAHIMAHI_BASE";
    static final String RELAY_MAIN = "org.netllm.testbed.server.relay.DecisionRelay";
    /** Written by the relay with its port once listening (in the session's result folder). */
    static final String RELAY_READY_FILE = "relay.port";
    static final String RELAY_LOG = "relay.log";
    /** JVM start-up of the relay on a loaded machine stays well below this. */
    static final int RELAY_START_TIMEOUT_S = 60;
    /** Polling step of the readiness wait, seconds (bash sleep). */
    private static final String RELAY_POLL_S = "0.1";

    private final BiFunction<Path, List<String>, List<String>> shellArgv;
    private final ExperimentConfig config;
    private final int serverPort;
    private final Path serverResults;
    private final long capSeconds;
    private final DecisionPath decisions;
    private final Optional<Path> decisionSocket;

    /**
     * @param shellArgv      (downlink trace, inner command) → the full Mahimahi argv (netem's MahimahiShell)
     * @param serverPort     the in-process server's port (bound to all interfaces so the shell can reach it)
     * @param capSeconds     hard kill for the child after this long (its own cap is tighter)
     * @param decisions      bypass (relay to {@code decisionSocket}) or cross-link
     * @param decisionSocket the server's Unix-domain decision socket; required for bypass, unused for cross-link
     */
    public MahimahiSessionExecutor(BiFunction<Path, List<String>, List<String>> shellArgv, ExperimentConfig config, int serverPort,
                                   Path serverResults, long capSeconds, DecisionPath decisions, Optional<Path> decisionSocket) {
        if (decisions == DecisionPath.BYPASS && decisionSocket.isEmpty()) {
            throw new IllegalArgumentException("decisions that bypass the Mahimahi link need the server's decision socket");
        }
        this.shellArgv = shellArgv;
        this.config = config;
        this.serverPort = serverPort;
        this.serverResults = serverResults;
        this.capSeconds = capSeconds;
        this.decisions = decisions;
        this.decisionSocket = decisionSocket.map(p -> p.toAbsolutePath().normalize());
    }

    @Override
    public void execute(SessionSpec spec, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        List<String> argv = argv(spec, outDir);
        Path log = outDir.resolve("mahimahi.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(capSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new SessionFailure("timeout: mahimahi session did not finish in " + capSeconds + " s (log " + log + ")");
        }
        if (p.exitValue() != 0) {
            throw new SessionFailure("mahimahi session exited " + p.exitValue() + ": " + tail(log));
        }
    }

    /** The full command: Mahimahi shell, then bash (expands $MAHIMAHI_BASE, runs the relay), then ./testbed session. */
    List<String> argv(SessionSpec spec, Path outDir) {
        Path root = Path.of(System.getProperty("testbed.root", "")).toAbsolutePath();
        return shellArgv.apply(root.resolve(spec.tracePath()), List.of("bash", "-c", innerScript(spec, outDir, root)));
    }

    /** The bash script run inside the shell. */
    String innerScript(SessionSpec spec, Path outDir, Path root) {
        String java = quote(ProcessHandle.current().info().command().orElse("java"));
        String classpath = quote(System.getProperty("java.class.path"));
        List<String> session = new ArrayList<>(List.of(java, "-Dtestbed.root=" + quote(root.toString()), "-cp", classpath,
                "org.netllm.testbed.cli.Main", "session",
                "--algorithm", quote(spec.algorithm()), "--trace", quote(spec.tracePath()), "--link", SessionRequest.LINK_NONE,
                "--experiment-key", quote(spec.key()), "--video", quote(config.video()), "--lambda", Double.toString(config.lambda()),
                "--server", "\"http://$" + BASE_ENV + ":" + serverPort + "/\"", "--server-results", quote(serverResults.toString()),
                "--out", quote(outDir.toString())));
        if (decisions == DecisionPath.CROSS_LINK) {
            return String.join(" ", session);
        }
        String ready = quote(outDir.resolve(RELAY_READY_FILE).toString());
        String relayLog = quote(outDir.resolve(RELAY_LOG).toString());
        session.addAll(List.of("--decisions", "\"http://127.0.0.1:$(cat " + ready + ")/\""));
        int polls = (int) (RELAY_START_TIMEOUT_S / Double.parseDouble(RELAY_POLL_S));
        // the relay binds the namespace's own loopback (port 0: no clash with other shells or the host),
        // writes its port when listening; the script waits for it, runs the session, then stops the relay
        return String.join("\n", List.of(
                "rm -f " + ready,
                String.join(" ", java, "-cp", classpath, RELAY_MAIN, "--socket", quote(decisionSocket.orElseThrow().toString()),
                        "--host", "127.0.0.1", "--port", "0", "--ready-file", ready) + " >" + relayLog + " 2>&1 &",
                "relay=$!",
                "trap 'kill $relay 2>/dev/null' EXIT",
                "for i in $(seq 1 " + polls + "); do [ -s " + ready + " ] && break; kill -0 $relay 2>/dev/null || { echo "
                        + "\"decision relay exited before listening: $(tail -n 3 " + relayLog + ")\" >&2; exit 3; }; sleep "
                        + RELAY_POLL_S + "; done",
                "[ -s " + ready + " ] || { echo \"decision relay did not listen within " + RELAY_START_TIMEOUT_S
                        + " s\" >&2; exit 3; }",
                String.join(" ", session),
                "rc=$?",
                "kill $relay 2>/dev/null; wait $relay 2>/dev/null",
                "exit $rc"));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
