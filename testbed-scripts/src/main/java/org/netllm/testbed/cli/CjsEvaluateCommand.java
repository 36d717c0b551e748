package org.netllm.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.eval.Evaluation;
import org.netllm.testbed.cjs.eval.EvaluationPlan;
import org.netllm.testbed.cjs.eval.EvaluationReport;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.netllm.NetLlmCjsModel;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.serving.CjsDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed cjs evaluate}: runs schedulers × settings × seeds on the Java spark-sched-sim,
 * with decisions in-process ({@code --offline}) or from a server's {@code /api/cjs/decide}
 * ({@code --server URL}), and writes runs, per-setting summaries, decision latency p50/p99 and
 * decisions/s as JSON.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Average/p90 JCT of FIFO, Fair and Decima on the Spark simulator.")
public final class CjsEvaluateCommand implements Callable<Integer> {

    @Option(names = "--schedulers", defaultValue = "fifo,fair,decima", split = ",",
            description = "Schedulers: fifo, fair, decima, decima-greedy, netllm, netllm-greedy (default: ${DEFAULT-VALUE})")
    List<String> schedulers;

    @Option(names = "--jobs", defaultValue = "200", description = "Jobs per episode (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--executors", defaultValue = "50", description = "Executors N (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--table4", description = "Run the paper's Table 4 settings 200/50, 200/30, 450/50, 450/30 instead of --jobs/--executors")
    boolean table4;

    @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", description = "Env seeds (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--offline", description = "Run the policies in-process (the default without --server)")
    boolean offline;

    @Option(names = "--server", description = "Base URL of a running ./testbed serve: every decision is a POST /api/cjs/decide")
    URI server;

    @Option(names = "--streams", defaultValue = "shared",
            description = "Offline random streams: shared (simulator and sampling policy on one CPython stream, as NetLLM; "
                    + "seed-exact with the Python reference) or split (the policy owns its stream, as behind --server; "
                    + "equal to --server results) (default: ${DEFAULT-VALUE})")
    String streams;

    @Option(names = "--threads", description = "Episodes in parallel (default: available processors)")
    Integer threads;

    @Option(names = "--out", required = true, description = "Output JSON file")
    Path out;

    @Option(names = "--netllm-model", paramLabel = "DIR",
            description = "NetLLM-CJS checkpoint (or a `cjs train` run folder) for the offline netllm schedulers "
                    + "(default: the embedded adapter); with --server the server's own model answers")
    Path netllmModel;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (server != null && offline) {
            throw new IllegalArgumentException("--server and --offline exclude each other");
        }
        EpisodeRunner.StreamLayout layout = switch (streams) {
            case "shared" -> EpisodeRunner.StreamLayout.SHARED;
            case "split" -> EpisodeRunner.StreamLayout.SPLIT;
            default -> throw new IllegalArgumentException("--streams must be shared or split, got " + streams);
        };
        if (server != null && (server.getScheme() == null || !server.getScheme().startsWith("http"))) {
            throw new IllegalArgumentException("--server must be an http(s) URL, got " + server);
        }
        List<EvaluationPlan.Setting> settings = table4 ? EvaluationPlan.TABLE4
                : List.of(new EvaluationPlan.Setting(jobs, executors));
        for (EvaluationPlan.Setting s : settings) {
            org.netllm.testbed.cjs.sim.SimConfig.of(s.executors(), s.jobs()); // validates with a named error
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        EvaluationPlan plan = new EvaluationPlan(new ArrayList<>(schedulers), settings, seeds, workers);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ProgressBar bar = ProgressBar.onConsole("episodes");
        EvaluationReport report;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Evaluation.DecisionSource source = server != null ? Evaluation.server(server)
                    : Evaluation.offline(offlineFactory(opened), layout);
            report = new Evaluation(source).run(plan, bar::sessionDone);
        } finally {
            bar.finish();
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("closing the NetLLM-CJS model failed: " + e.getMessage());
                }
            }
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
        for (EvaluationReport.Summary s : report.summaries()) {
            System.out.printf(Locale.ROOT,
                    "%-14s %3d jobs %2d exec  %d eps  avg JCT %7.2f s  p90 %7.1f s  decisions %6.0f  "
                            + "latency p50 %.4f ms p99 %.4f ms  %.0f decisions/s%n",
                    s.scheduler(), s.jobs(), s.executors(), s.episodes(), s.meanAvgJctS(), s.meanP90JctS(),
                    s.meanDecisions(), s.latencyP50Ms(), s.latencyP99Ms(), s.decisionsPerS());
        }
        System.out.println("wrote " + out);
        return 0;
    }

    /** Offline schedulers; NetLLM-CJS opened on first use on a loader of this process (closed by the caller). */
    private SchedulerFactory offlineFactory(List<AutoCloseable> opened) {
        Optional<Path> dir = Optional.ofNullable(netllmModel).map(RepoRoot::userPath);
        return new SchedulerFactory(() -> {
            try {
                SharedBackboneLoader loader = new SharedBackboneLoader(SharedBackboneLoader.defaultOptions());
                NetLlmCjsModel m = CjsDeployment.open(dir, loader);
                synchronized (opened) {
                    opened.add(m);
                }
                return m;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the NetLLM-CJS model: " + e.getMessage(), e);
            }
        });
    }
}
