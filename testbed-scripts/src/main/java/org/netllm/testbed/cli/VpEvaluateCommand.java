package org.netllm.testbed.cli;

import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;
import org.netllm.testbed.vp.eval.EvaluationFiles;
import org.netllm.testbed.vp.eval.InSituEvaluation;
import org.netllm.testbed.vp.eval.MethodSummary;
import org.netllm.testbed.vp.eval.PredictEndpoint;
import org.netllm.testbed.vp.predict.VpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./testbed vp evaluate}: replays every sample of a dataset split against the VP endpoint and
 * writes MAE per method (docs/reference/vp.md §3.4, §5.3).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Replay every test sample of a VP dataset as a 360° client and score each method (MAE, per axis,"
                + " endpoint latency). Writes FILE.json and FILE.samples.csv.")
final class VpEvaluateCommand implements Callable<Integer> {

    @Option(names = "--methods", split = ",", defaultValue = "lr,velocity,repeat",
            description = "comma-separated: lr, velocity, repeat, netllm (default ${DEFAULT-VALUE})")
    List<String> methods;

    @Option(names = "--dataset", defaultValue = "jin2022", description = "jin2022 or wu2017 (default ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "test or valid (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--hw", defaultValue = "10", description = "history window in 5 Hz samples (default ${DEFAULT-VALUE})")
    int hw;

    @Option(names = "--pw", defaultValue = "20", description = "prediction window in 5 Hz samples, at most 30 (default ${DEFAULT-VALUE})")
    int pw;

    @Option(names = "--server", paramLabel = "URL", description = "a running testbed server (default: start one in this process)")
    URI server;

    @Option(names = "--model", paramLabel = "DIR", description = "with --offline: a `vp train` checkpoint or run folder for netllm"
            + " (default: the embedded adapter)")
    Path model;

    @Option(names = "--engine", defaultValue = "PLAIN_JAVA_WHEN_SMALL", paramLabel = "DJL|PLAIN_JAVA_WHEN_SMALL",
            description = "with --offline: what runs NetLLM-VP generation (default ${DEFAULT-VALUE}, as the server)")
    org.netllm.testbed.netllm.serve.ForwardEngine engine;
    @Option(names = "--offline", description = "call the prediction service in-process, without HTTP")
    boolean offline;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "summary output; per-sample errors go to FILE.samples.csv")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (offline && server != null) {
            throw new IllegalArgumentException("--offline and --server exclude each other");
        }
        List<VpMethod> ms = new ArrayList<>();
        for (String m : methods) {
            ms.add(VpMethod.parse(m));
        }
        VpDataset ds = VpDataset.parse(dataset);
        VpSplit sp = VpSplit.parse(split);
        WindowSettings w = WindowSettings.of(hw, pw);
        List<VpSample> samples = BaselineEvaluation.samples(VpData.bundled(), ds, sp, w);
        try (VpEndpoints.Opened ep = VpEndpoints.open(offline, server, ms, model, engine)) {
            InSituEvaluation.Result result = run(ep.endpoint(), ms, samples);
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("dataset", ds.upstreamName());
            settings.put("split", sp.key());
            settings.put("hw", hw);
            settings.put("pw", pw);
            settings.put("endpoint", ep.endpoint().describe());
            settings.put("created", Instant.now().toString());
            Path file = RepoRoot.userPath(out);
            EvaluationFiles.write(file, settings, result);
            for (Map.Entry<String, MethodSummary> e : result.summary().entrySet()) {
                MethodSummary s = e.getValue();
                System.out.printf(Locale.ROOT, "%-9s MAE %.3f deg (roll %.3f, pitch %.3f, yaw %.3f)  samples %d  latency p50 %.3f ms p99 %.3f ms%n",
                        e.getKey(), s.maeDeg(), s.rollMaeDeg(), s.pitchMaeDeg(), s.yawMaeDeg(), s.samples(),
                        s.latencyMs().p50(), s.latencyMs().p99());
            }
            System.out.println("wrote " + file + " and " + EvaluationFiles.samplesFile(file));
        }
        return 0;
    }

    private static InSituEvaluation.Result run(PredictEndpoint ep, List<VpMethod> ms, List<VpSample> samples) throws java.io.IOException {
        ProgressBar bar = ProgressBar.onConsole("samples");
        int total = ms.size() * samples.size();
        int[] done = {0};
        try {
            return new InSituEvaluation(ep, System::nanoTime).run(ms, samples, (m, d, t) -> bar.sessionDone(++done[0], total));
        } finally {
            bar.finish();
        }
    }
}
