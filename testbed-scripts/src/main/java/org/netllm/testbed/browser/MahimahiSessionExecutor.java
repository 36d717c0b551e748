package org.netllm.testbed.browser;

import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.SessionExecutor;
import org.netllm.testbed.experiment.SessionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * {@code --emulator mahimahi}: like GENET (abr-reference §8.1), each session's browser runs inside
 * its own Mahimahi shell. The shell runs {@code ./testbed session} (same JVM classpath) against the
 * shared server, which it reaches at {@code $MAHIMAHI_BASE} — the shell's view of the host — so
 * media crosses mm-link and the server does not shape again (link mode "none").
 * Difference from GENET: the decision POSTs also cross the emulated link (GENET ran the ABR server
 * inside the namespace); each decision therefore sees the 80 ms RTT (abr-reference §9.21).
 */
public final class MahimahiSessionExecutor implements SessionExecutor {

    /** Mahimahi sets this inside the shell to the host side's address. */
    static final String BASE_ENV = "MAHIMAHI_BASE";

    private final BiFunction<Path, List<String>, List<String>> shellArgv;
    private final ExperimentConfig config;
    private final int serverPort;
    private final Path serverResults;
    private final long capSeconds;

    /**
     * @param shellArgv   (downlink trace, inner command) → the full Mahimahi argv (netem's MahimahiShell)
     * @param serverPort  the in-process server's port (bound to all interfaces so the shell can reach it)
     * @param capSeconds  hard kill for the child after this long (its own cap is tighter)
     */
    public MahimahiSessionExecutor(BiFunction<Path, List<String>, List<String>> shellArgv, ExperimentConfig config, int serverPort,
                                   Path serverResults, long capSeconds) {
        this.shellArgv = shellArgv;
        this.config = config;
        this.serverPort = serverPort;
        this.serverResults = serverResults;
        this.capSeconds = capSeconds;
    }

    @Override
    public void execute(SessionSpec spec, Path outDir) throws Exception {
        List<String> argv = argv(spec, outDir);
        Path log = outDir.resolve("mahimahi.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(capSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new SessionFailure("timeout: mahimahi session did not finish in " + capSeconds + " s (log " + log + ")");
        }
        if (p.exitValue() != 0) {
            throw new SessionFailure("mahimahi session exited " + p.exitValue() + ": " + tail(log));
        }
    }

    /** The full command: Mahimahi shell, then bash expanding $MAHIMAHI_BASE, then this JVM's ./testbed session. */
    List<String> argv(SessionSpec spec, Path outDir) {
        Path root = Path.of(System.getProperty("testbed.root", "")).toAbsolutePath();
        String java = ProcessHandle.current().info().command().orElse("java");
        String inner = String.join(" ", List.of(quote(java), "-Dtestbed.root=" + quote(root.toString()), "-cp",
                quote(System.getProperty("java.class.path")), "org.netllm.testbed.cli.Main", "session",
                "--algorithm", quote(spec.algorithm()), "--trace", quote(spec.tracePath()), "--link", SessionRequest.LINK_NONE,
                "--experiment-key", quote(spec.key()), "--video", quote(config.video()), "--lambda", Double.toString(config.lambda()),
                "--server", "\"http://$" + BASE_ENV + ":" + serverPort + "/\"", "--server-results", quote(serverResults.toString()),
                "--out", quote(outDir.toString())));
        return shellArgv.apply(root.resolve(spec.tracePath()), List.of("bash", "-c", inner));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
