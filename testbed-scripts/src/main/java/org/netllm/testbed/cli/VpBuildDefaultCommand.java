package org.netllm.testbed.cli;

import org.netllm.testbed.serving.VpDeployment;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;
import org.netllm.testbed.vp.netllm.VpCheckpoint;
import org.netllm.testbed.vp.netllm.VpTrainer;
import org.netllm.testbed.vp.netllm.VpTrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./testbed vp build-default --out DIR}: the embedded NetLLM-VP adapter's recipe in one command (its
 * MODEL_CARD.md): train on the embedded ABR backbone with fixed settings and seed, then pack the best-on-validation
 * checkpoint (config.json, modules.safetensors, adapter/, training-metrics.jsonl) into DIR.
 */
@Command(name = "build-default", mixinStandardHelpOptions = true,
        description = "Rebuild the embedded NetLLM-VP adapter (fixed recipe, seed 1) into DIR; copy DIR's files to"
                + " viewport-predictor/src/main/resources/org/netllm/testbed/vp/models/netllm-vp-default/ to ship it.")
final class VpBuildDefaultCommand implements Callable<Integer> {
    /** Epochs of the recipe (MODEL_CARD.md): the best-on-validation epoch is packed. */
    static final int EPOCHS = 4;
    static final long SEED = 1;
    /** Share of steps trained on the autoregressive path (docs/reference/vp.md §4.3; upstream 0.04, see MODEL_CARD.md). */
    static final double SCHEDULED_SAMPLING = 0.3;
    static final Duration BUDGET = Duration.ofMinutes(27);

    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Override
    public Integer call() throws Exception {
        Path dir = RepoRoot.userPath(out);
        Path run = dir.resolve("run");
        VpTrainingSettings s = new VpTrainingSettings(10, 20, VpTrainingSettings.UPSTREAM_RANK, VpTrainingSettings.UPSTREAM_LR,
                VpTrainingSettings.UPSTREAM_WEIGHT_DECAY, VpTrainingSettings.UPSTREAM_BATCH, VpTrainingSettings.UPSTREAM_CLIP,
                EPOCHS, 1, 0, SEED, BUDGET, true, SCHEDULED_SAMPLING);
        VpData data = VpData.bundled();
        List<VpSample> train = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.TRAIN, WindowSettings.of(10, 20));
        List<VpSample> valid = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.VALID, WindowSettings.of(10, 20));
        VpTrainer.Result r;
        try (VpTrainer t = new VpTrainer(s, VpDeployment.sharedBackbone(), VpTrainCommand.EMBEDDED_BACKBONE, train, valid, run,
                System.out, false)) {
            r = t.run(false);
        }
        if (!r.finished()) {
            System.err.println("training stopped at the time budget after epoch " + r.epochsDone() + "; nothing packed");
            return 3;
        }
        Path best = run.resolve(VpTrainer.BEST_DIR);
        Files.createDirectories(dir.resolve(VpCheckpoint.ADAPTER_DIR));
        for (String f : List.of(VpCheckpoint.CONFIG_FILE, VpCheckpoint.MODULES_FILE, "adapter/adapter_config.json",
                "adapter/adapter_model.safetensors")) {
            Files.copy(best.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(run.resolve(VpTrainer.METRICS_FILE), dir.resolve("training-metrics.jsonl"), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "packed epoch %d (valid MSE %.6f) into %s%n", r.bestEpoch(), r.bestValidMse(), dir);
        return 0;
    }
}
