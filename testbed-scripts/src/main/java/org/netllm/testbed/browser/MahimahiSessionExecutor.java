package org.netllm.testbed.browser;

import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.ResultFiles;
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
 * {@code --emulator mahimahi}: like GENET (docs/reference/abr.md §8.1), each session's browser runs inside
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
 *       the 80 ms RTT plus any queueing behind media (docs/reference/abr.md §9.21).</li>
 * </ul>
 *
 * <p>Media pay Mahimahi's delay only: the server adds none ({@code --link none --delay-ms 0}). Shell
 * start-ups are serialised machine-wide ({@link ShellStartGate}). The inner script first records when
 * the shells came up — mm-link's trace clock starts then — as the session's trace time zero
 * ({@code extra.traceStartEpochMs} in run.json, used by the fidelity report). Each attempt keeps its own
 * {@code mahimahi-<k>.log} and {@code relay-<k>.log}; a failure names the log's most specific line.
 * A watchdog inside the shell kills the session when the runner JVM is gone (even after SIGKILL,
 * which no hook sees); the session's browsers then die with it ({@link DeathLinkedLaunch}). A root
 * runner starts the shells as an unprivileged {@link ShellUser}.
 */
public final class MahimahiSessionExecutor implements SessionExecutor {

    /** Mahimahi sets this inside the shell to the host side's address. */
    static final String BASE_ENV = "MAHIMAHI_BASE";
    static final String RELAY_MAIN = "org.netllm.testbed.server.relay.DecisionRelay";
    /** Written by the relay with its port once listening (in the session's result folder). */
    static final String RELAY_READY_FILE = "relay.port";
    /** Written by the inner script first: epoch ms at which every nested shell was up. */
    static final String SHELL_UP_FILE = "shell-up";
    /** JVM start-up of the relay on a loaded machine stays well below this. */
    static final int RELAY_START_TIMEOUT_S = 60;
    /** Polling step of the readiness wait, seconds (bash sleep). */
    private static final String RELAY_POLL_S = "0.1";
    /** The in-shell watchdog checks the runner this often, seconds. */
    private static final int WATCHDOG_POLL_S = 1;
    /** Lines of a log that only say that something below failed; the cause is elsewhere in the log. */
    private static final java.util.regex.Pattern GENERIC = java.util.regex.Pattern.compile(
            "(?i)exited with failure status|^\\s*$");
    private static final java.util.regex.Pattern CAUSE = java.util.regex.Pattern.compile(
            "(?i)died on|error|exception|denied|refus|cannot|can't|not permitted|no such|failed|timeout|stall");

    private final BiFunction<Path, List<String>, List<String>> shellArgv;
    private final ExperimentConfig config;
    private final int serverPort;
    private final Path serverResults;
    private final long capSeconds;
    private final DecisionPath decisions;
    private final Optional<Path> decisionSocket;
    private final Optional<ShellUser> runAs;
    /** The classpath the inner JVMs use (a world-readable copy for a {@link ShellUser}). */
    private final String classpath;
    private final Path home;

    /**
     * @param shellArgv      (downlink trace, inner command) → the full Mahimahi argv (netem's MahimahiShell)
     * @param serverPort     the in-process server's port (bound to all interfaces so the shell can reach it)
     * @param capSeconds     hard kill for the child after this long (its own cap is tighter)
     * @param decisions      bypass (relay to {@code decisionSocket}) or cross-link
     * @param decisionSocket the server's Unix-domain decision socket; required for bypass, unused for cross-link
     * @param runAs          the account the shells run as when this JVM is root ({@link ShellUser#forThisJvm})
     */
    public MahimahiSessionExecutor(BiFunction<Path, List<String>, List<String>> shellArgv, ExperimentConfig config, int serverPort,
                                   Path serverResults, long capSeconds, DecisionPath decisions, Optional<Path> decisionSocket,
                                   Optional<ShellUser> runAs) throws IOException {
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
        this.runAs = runAs;
        String cp = System.getProperty("java.class.path");
        if (runAs.isPresent()) {
            ShellUser u = runAs.get();
            Path traces = Path.of(System.getProperty("testbed.root", "")).toAbsolutePath().resolve("traces");
            if (Files.exists(traces) && !org.netllm.testbed.netem.MahimahiShell.othersCanRead(traces)) {
                // mm-link opens the trace as the shell user: fail here, not with mm-link's "error opening for reading"
                throw new IllegalStateException("the Mahimahi shells run as " + u.name() + ", who cannot read " + traces
                        + " (it or a folder above it is not readable by others): move the checkout to a world-readable"
                        + " folder, or run the experiment as an unprivileged user");
            }
            Path stage = Files.createTempDirectory("testbed-mm-classpath-");
            this.classpath = ShellUser.stageClasspath(cp, stage);
            this.home = u.newHome();
            // both live as long as this runner: removed when its JVM exits (a SIGKILL leaves them in the temp folder)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                BrowserFactory.deleteTree(stage);
                BrowserFactory.deleteTree(home);
            }, "testbed-mm-cleanup"));
            // a Unix socket is connected to by writing it: the shell user must be allowed to
            for (Path sock : this.decisionSocket.stream().toList()) {
                if (Files.exists(sock)) {
                    Files.setPosixFilePermissions(sock, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
                }
            }
        } else {
            this.classpath = cp;
            this.home = null;
        }
    }

    /** Without a {@link ShellUser} (the JVM is not root). */
    public MahimahiSessionExecutor(BiFunction<Path, List<String>, List<String>> shellArgv, ExperimentConfig config, int serverPort,
                                   Path serverResults, long capSeconds, DecisionPath decisions, Optional<Path> decisionSocket)
            throws IOException {
        this(shellArgv, config, serverPort, serverResults, capSeconds, decisions, decisionSocket, Optional.empty());
    }

    @Override
    public void execute(SessionSpec spec, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        int attempt = nextAttempt(outDir);
        List<String> argv = argv(spec, outDir, attempt);
        Path log = outDir.resolve(mahimahiLog(attempt));
        Path up = outDir.resolve(SHELL_UP_FILE + "-" + attempt);
        Files.deleteIfExists(outDir.resolve(ResultFiles.RUN_JSON));
        Files.writeString(log, "");
        if (runAs.isPresent()) {
            runAs.get().own(outDir);
        }
        Process p = ShellStartGate.start(() -> new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), () -> nonEmpty(up));
        try {
            if (!p.waitFor(capSeconds, TimeUnit.SECONDS)) {
                kill(p);
                throw new SessionFailure("timeout: mahimahi session did not finish in " + capSeconds + " s (log " + log + ")");
            }
        } catch (InterruptedException e) {
            // the runner is stopping: take the shell and everything in it down with this attempt
            kill(p);
            throw e;
        }
        if (p.exitValue() != 0) {
            throw new SessionFailure("mahimahi session exited " + p.exitValue() + ": " + cause(log) + " (log " + log.getFileName()
                    + (nonEmpty(up) ? "" : "; the shells never came up") + ")");
        }
    }

    /** This attempt's number: one more than the attempts whose logs the folder holds. */
    static int nextAttempt(Path outDir) throws IOException {
        int k = 1;
        while (Files.exists(outDir.resolve(mahimahiLog(k)))) {
            k++;
        }
        return k;
    }

    static String mahimahiLog(int attempt) {
        return "mahimahi-" + attempt + ".log";
    }

    static String relayLog(int attempt) {
        return "relay-" + attempt + ".log";
    }

    private static boolean nonEmpty(Path f) {
        try {
            return Files.size(f) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** The full command: [setpriv as the shell user], Mahimahi shell, then bash running the inner script. */
    List<String> argv(SessionSpec spec, Path outDir, int attempt) {
        Path root = Path.of(System.getProperty("testbed.root", "")).toAbsolutePath();
        List<String> argv = new ArrayList<>();
        runAs.ifPresent(u -> argv.addAll(u.prefix(home)));
        argv.addAll(shellArgv.apply(root.resolve(spec.tracePath()), List.of("bash", "-c", innerScript(spec, outDir, root, attempt))));
        return argv;
    }

    /** The bash script run inside the shell. */
    String innerScript(SessionSpec spec, Path outDir, Path root, int attempt) {
        String java = quote(ProcessHandle.current().info().command().orElse("java"));
        String cp = quote(classpath);
        String shellUp = quote(outDir.resolve(SHELL_UP_FILE + "-" + attempt).toString());
        List<String> session = new ArrayList<>(List.of(java, "-Dtestbed.root=" + quote(root.toString()), "-cp", cp,
                "org.netllm.testbed.cli.Main", "session",
                "--algorithm", quote(spec.algorithm()), "--trace", quote(spec.tracePath()), "--link", SessionRequest.LINK_NONE,
                // Mahimahi's mm-delay is the link's delay: the server must add none on top
                "--delay-ms", "0", "--trace-start-epoch-ms", "$shell_up",
                "--experiment-key", quote(spec.key()), "--video", quote(config.video()), "--lambda", Double.toString(config.lambda()),
                "--server", "\"http://$" + BASE_ENV + ":" + serverPort + "/\"", "--server-results", quote(serverResults.toString()),
                "--out", quote(outDir.toString())));
        List<String> lines = new ArrayList<>();
        // every nested shell is up once this runs: mm-link's trace clock has just started (fidelity time zero)
        lines.add("shell_up=$(date +%s%3N); echo $shell_up > " + shellUp);
        lines.add("relay=");
        if (decisions == DecisionPath.BYPASS) {
            String ready = quote(outDir.resolve(RELAY_READY_FILE).toString());
            String relayLog = quote(outDir.resolve(relayLog(attempt)).toString());
            session.addAll(List.of("--decisions", "\"http://127.0.0.1:$(cat " + ready + ")/\""));
            int polls = (int) (RELAY_START_TIMEOUT_S / Double.parseDouble(RELAY_POLL_S));
            // the relay binds the namespace's own loopback (port 0: no clash with other shells or the host),
            // writes its port when listening; the script waits for it, runs the session, then stops the relay
            lines.addAll(List.of(
                    "rm -f " + ready,
                    String.join(" ", java, "-cp", cp, RELAY_MAIN, "--socket", quote(decisionSocket.orElseThrow().toString()),
                            "--host", "127.0.0.1", "--port", "0", "--ready-file", ready) + " >" + relayLog + " 2>&1 &",
                    "relay=$!",
                    "trap 'kill $relay 2>/dev/null' EXIT",
                    "for i in $(seq 1 " + polls + "); do [ -s " + ready + " ] && break; kill -0 $relay 2>/dev/null || { echo "
                            + "\"decision relay exited before listening: $(tail -n 3 " + relayLog + ")\" >&2; exit 3; }; sleep "
                            + RELAY_POLL_S + "; done",
                    "[ -s " + ready + " ] || { echo \"decision relay did not listen within " + RELAY_START_TIMEOUT_S
                            + " s\" >&2; exit 3; }"));
        }
        lines.add(String.join(" ", session) + " &");
        lines.add("session=$!");
        // the runner's pid and start time (field 22 of /proc/PID/stat; a reused pid has another start time)
        lines.add("alive() { local s; s=$(cat /proc/" + ProcessHandle.current().pid() + "/stat 2>/dev/null) || return 1; "
                + "s=${s##*) }; set -- $s; [ \"${20}\" = \"" + runnerStartTicks() + "\" ]; }");
        lines.add("( while alive; do sleep " + WATCHDOG_POLL_S + "; done; echo 'runner gone: stopping the session' >&2; "
                + "kill -KILL $session $relay 2>/dev/null ) &");
        lines.add("watchdog=$!");
        lines.add("wait $session");
        lines.add("rc=$?");
        lines.add("kill $watchdog $relay 2>/dev/null; wait $relay 2>/dev/null");
        lines.add("exit $rc");
        return String.join("\n", lines);
    }

    /** This JVM's start time in clock ticks since boot ({@code /proc/self/stat} field 22), as the watchdog reads it. */
    static String runnerStartTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            return f[19];   // fields 3.. follow the command name: field 22 is index 19
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/stat (Mahimahi runs on Linux only)", e);
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The log's first line that names a cause, else its last three lines. */
    static String cause(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (String l : lines) {
            if (CAUSE.matcher(l).find() && !GENERIC.matcher(l).find()) {
                return l.strip();
            }
        }
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
