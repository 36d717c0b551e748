package org.netllm.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.abr.netllm.ModelFingerprint;
import org.netllm.testbed.browser.BrowserConfig;
import org.netllm.testbed.browser.BrowserSessionExecutor;
import org.netllm.testbed.browser.BrowserSessionRunner;
import org.netllm.testbed.browser.MahimahiSessionExecutor;
import org.netllm.testbed.browser.TestbedApi;
import org.netllm.testbed.experiment.DecisionPath;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.ExperimentPlan;
import org.netllm.testbed.experiment.ExperimentRunner;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.experiment.PlanBuilder;
import org.netllm.testbed.experiment.PlanStore;
import org.netllm.testbed.experiment.Progress;
import org.netllm.testbed.experiment.RunLock;
import org.netllm.testbed.experiment.ServerHandle;
import org.netllm.testbed.experiment.SessionExecutor;
import org.netllm.testbed.server.net.DomainSockets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code ./testbed experiment}: algorithm × sampled trace × repeat in real browsers, resumable. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run the experiment matrix (algorithms × sampled traces × repeats) in real browsers, N in parallel; "
                + "re-running the same command resumes. Results in OUT/sessions/<alg>/<set>/<trace>/r<k>/, status in OUT/status.jsonl.")
public final class ExperimentCommand implements Callable<Integer> {

    private static final double SECONDS_PER_HOUR = 3600.0;

    /** JVM + browser start-up inside the Mahimahi shell, on top of the session's own cap. */
    private static final long STARTUP_SLACK_S = 60;
    /** Default socket of the in-process server under Mahimahi bypass, in OUT/server/. */
    static final String DECISIONS_SOCKET = "decisions.sock";

    @Option(names = "--algorithms", required = true, split = ",", description = "e.g. bba,robustmpc,genet,netllm")
    List<String> algorithms;

    @Option(names = "--traces", required = true, split = ",", description = "trace-set folders, e.g. traces/fcc-real,traces/norway-real")
    List<String> traces;

    @Option(names = "--sample", defaultValue = "100", description = "traces drawn per set (default ${DEFAULT-VALUE})")
    int sample;

    @Option(names = "--seed", defaultValue = "1", description = "sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--repeats", defaultValue = "1", description = "sessions per algorithm and trace (default ${DEFAULT-VALUE})")
    int repeats;

    /**
     * Browser sessions at once unless --parallel says otherwise: 4 kept per-chunk link fidelity at p90 ≤ 1.020 with
     * 68.5 sessions/hour (mean slot time 210 s) on a quiet 2-core machine (full video; docs/benchmarks.md "Paper-scale plan").
     */
    static final String DEFAULT_PARALLEL = "4";

    @Option(names = "--parallel", defaultValue = DEFAULT_PARALLEL, description = "sessions at once (default ${DEFAULT-VALUE}; docs/benchmarks.md has the measurements)")
    int parallel;

    @Option(names = "--retries", defaultValue = "2", description = "retries of a failing session before it is recorded as failed (default ${DEFAULT-VALUE})")
    int retries;

    @Option(names = "--emulator", defaultValue = "builtin", description = "builtin | mahimahi (default ${DEFAULT-VALUE})")
    String emulator;

    @Option(names = "--video", defaultValue = "envivio", description = "video id (default ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--lambda", defaultValue = "" + ExperimentConfig.DEFAULT_LAMBDA, description = "rebuffer penalty λ (default ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--decisions-cross-link", description = "with --emulator mahimahi: decision POSTs cross mm-delay/mm-link "
            + "like media (+RTT and queueing each) instead of GENET's bypass through a relay inside the shell")
    boolean decisionsCrossLink;

    @Option(names = "--decision-socket", paramLabel = "PATH", description = "with --emulator mahimahi (bypass): the server's "
            + "Unix socket for the relays (default OUT/server/" + DECISIONS_SOCKET + "; at most 107 bytes as an absolute path)")
    Path decisionSocket;

    @Option(names = "--out", required = true, description = "experiment folder, e.g. results/NAME")
    Path out;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be >= 0, got " + retries);
        }
        ExperimentConfig config = new ExperimentConfig(algorithms, traces, sample, seed, repeats, video, lambda,
                ExperimentConfig.Emulator.parse(emulator), retries + 1);
        boolean mahimahi = config.emulator() == ExperimentConfig.Emulator.MAHIMAHI;
        if (!mahimahi && (decisionsCrossLink || decisionSocket != null)) {
            throw new IllegalArgumentException((decisionsCrossLink ? "--decisions-cross-link" : "--decision-socket")
                    + " applies to --emulator mahimahi only (the builtin link never shapes decisions)");
        }
        if (decisionsCrossLink && decisionSocket != null) {
            throw new IllegalArgumentException("--decision-socket is for the bypass path; --decisions-cross-link uses none");
        }
        if (mahimahi && !decisionsCrossLink && serverOptions.server != null && decisionSocket == null) {
            throw new IllegalArgumentException("--emulator mahimahi with --server: the relays need that server's decision "
                    + "socket; start it with ./testbed serve --decision-socket PATH and pass --decision-socket PATH here, "
                    + "or use --decisions-cross-link");
        }
        Path outDir = RepoRoot.userPath(out);
        DecisionPath path = decisionsCrossLink ? DecisionPath.CROSS_LINK : DecisionPath.BYPASS;
        Optional<Path> socket = mahimahi && !decisionsCrossLink
                ? Optional.of(decisionSocket != null ? RepoRoot.userPath(decisionSocket) : outDir.resolve("server").resolve(DECISIONS_SOCKET))
                : Optional.empty();
        return run(config, outDir, parallel, serverOptions, path, socket);
    }

    /** Shared with the demo (builtin emulator: decisions never cross a link). */
    static int run(ExperimentConfig config, Path outDir, int parallel, ServerOptions serverOptions) throws Exception {
        return run(config, outDir, parallel, serverOptions, DecisionPath.BYPASS, Optional.empty());
    }

    /**
     * @param decisions      recorded in plan.json; cross-link only with mahimahi
     * @param decisionSocket mahimahi bypass: where the in-process server listens for the relays
     */
    static int run(ExperimentConfig config, Path outDir, int parallel, ServerOptions serverOptions, DecisionPath decisions,
                   Optional<Path> decisionSocket) throws Exception {
        ObjectMapper json = new ObjectMapper();
        // check the flags, then the machine, before writing anything into the results folder
        boolean mahimahi = config.emulator() == ExperimentConfig.Emulator.MAHIMAHI;
        serverOptions.checkGridFlags(mahimahi);
        var shell = mahimahi ? MahimahiCheck.requireShell() : null;
        decisionSocket.ifPresent(DomainSockets::checkedPath);
        BrowserConfig browsers = serverOptions.browsers(mahimahi);
        ExperimentPlan plan = new PlanBuilder(RepoRoot.get(), ModelFingerprint::of).build(config).withDecisions(decisions);
        try (RunLock lock = RunLock.acquire(outDir)) {
            return run(config, outDir, parallel, serverOptions, decisions, decisionSocket, json, mahimahi, shell, browsers, plan);
        }
    }

    private static int run(ExperimentConfig config, Path outDir, int parallel, ServerOptions serverOptions, DecisionPath decisions,
                           Optional<Path> decisionSocket, ObjectMapper json, boolean mahimahi,
                           java.util.function.BiFunction<Path, List<String>, List<String>> shell, BrowserConfig browsers,
                           ExperimentPlan plan) throws Exception {
        boolean resuming = new PlanStore(json).writeOrVerify(outDir, plan);
        // mahimahi shells reach the host through their veth pair, so the server must listen beyond loopback
        String host = serverOptions.bindHost(mahimahi ? InProcessServer.ALL_INTERFACES : InProcessServer.LOOPBACK);
        try (ServerHandle server = serverOptions.open(outDir.resolve("server"), host, decisionSocket, config.algorithms())) {
            SessionExecutor executor;
            if (mahimahi) {
                long cap = BrowserSessionRunner.sessionCapSeconds(BrowserSessionRunner.MAX_SESSION_CHUNKS) + STARTUP_SLACK_S;
                executor = new MahimahiSessionExecutor(shell, config,
                        server.baseUrl().getPort(), server.resultsDir(), cap, decisions, decisionSocket,
                        org.netllm.testbed.browser.ShellUser.forThisJvm());
            } else {
                // each slot's next browser starts while its session finishes; the closer quits any never used
                BrowserSessionRunner runner = new BrowserSessionRunner(new TestbedApi(server.baseUrl(), json),
                        serverOptions.browserOrigin(server.baseUrl()), server.resultsDir(), browsers, json).prewarming();
                executor = new BrowserSessionExecutor(runner, config);
            }
            System.out.printf("%s %d sessions (%d algorithms × %d traces × %d repeats) → %s, parallel %d, server %s%s%s%n",
                    resuming ? "resuming" : "planned", plan.sessions().size(), config.algorithms().size(),
                    plan.sampled().stream().mapToInt(s -> s.tracePaths().size()).sum(), config.repeats(), outDir, parallel, server.baseUrl(),
                    mahimahi ? ", decisions " + decisions.id() + decisionSocket.map(p -> " via unix:" + p).orElse("") : "",
                    browsers.grid() == null ? "" : ", browsers on Grid " + browsers.grid() + " loading " + serverOptions.browserOrigin(server.baseUrl()));
            long t0 = System.nanoTime();
            ExperimentRunner.Summary s;
            try (executor) {
                s = new ExperimentRunner(executor, json, parallel).run(outDir, plan,
                        total -> new Progress(System.out, System.console() != null, total));
            }
            double hours = (System.nanoTime() - t0) / 3.6e12;
            System.out.printf(java.util.Locale.ROOT, "done: %d ok, %d failed, %d interrupted, %d skipped (already complete) in %.1f min = "
                            + "%.1f sessions/hour at --parallel %d; status in %s%n", s.done(), s.failed(), s.interrupted(), s.skipped(),
                    hours * 60, hours > 0 ? (s.done() + s.failed()) / hours : 0.0, parallel, outDir.resolve("status.jsonl"));
            if (s.done() > 0) {
                // the count above is quantised (sessions of one trace finish together); slot time is not
                double perHour = parallel * SECONDS_PER_HOUR / s.meanSlotSeconds();
                System.out.printf(java.util.Locale.ROOT, "a finished session held its slot %.1f s on average ⇒ %.1f "
                        + "sessions/hour at --parallel %d ⇒ the %d-session plan in ≈ %.1f h%n", s.meanSlotSeconds(), perHour,
                        parallel, plan.sessions().size(), plan.sessions().size() / perHour);
            }
            return s.failed() == 0 && s.interrupted() == 0 ? 0 : 1;
        }
    }
}
