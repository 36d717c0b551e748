package org.netllm.testbed.cli;

import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;
import org.netllm.testbed.vp.netllm.VpTrainer;
import org.netllm.testbed.vp.netllm.VpTrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./testbed vp train}: NetLLM-VP on Jin2022 train, validated on Jin2022 valid (docs/reference/vp.md §4.3).
 * Default backbone: the embedded ABR model's (one backbone, one adapter per task).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a NetLLM-VP adapter (LoRA + viewport encoder/projection/head) on Jin2022 train; validation on"
                + " Jin2022 valid; OUT/best, OUT/last, OUT/resume, OUT/metrics.jsonl.")
final class VpTrainCommand implements Callable<Integer> {
    /** Name recorded in config.json when training on the embedded ABR backbone. */
    static final String EMBEDDED_BACKBONE = "embedded:abr/netllm-default/backbone";

    @Option(names = "--backbone", paramLabel = "DIR", description = "HF Llama folder (default: the embedded ABR model's backbone)")
    Path backbone;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--hw", defaultValue = "10") int hw;
    @Option(names = "--pw", defaultValue = "20") int pw;
    @Option(names = "--rank", defaultValue = "32", description = "LoRA rank (default ${DEFAULT-VALUE}, upstream 32)") int rank;
    @Option(names = "--lr", defaultValue = "2e-4", description = "AdamW lr (default ${DEFAULT-VALUE}, upstream 2e-4)") double lr;
    @Option(names = "--weight-decay", defaultValue = "1e-4") double weightDecay;
    @Option(names = "--batch", defaultValue = "32", description = "samples per optimizer step (upstream 1 x accum 32)") int batch;
    @Option(names = "--clip", defaultValue = "1.0") double clip;
    @Option(names = "--epochs", defaultValue = "40") int epochs;
    @Option(names = "--eval-every", defaultValue = "1") int evalEvery;
    @Option(names = "--valid-limit", defaultValue = "0", description = "validate on the first N valid samples (0 = all 1 754)") int validLimit;
    @Option(names = "--train-limit", defaultValue = "0", description = "train on the first N train samples (0 = all 8 820; smoke runs)") int trainLimit;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--time-budget", defaultValue = "PT27M", description = "stop after the epoch that passes this (ISO-8601, default ${DEFAULT-VALUE})") Duration timeBudget;
    @Option(names = "--upstream-raw-appended-tokens", description = "generate like upstream: appended prediction tokens skip"
            + " LayerNorm (docs/reference/vp.md §4.2); default: LayerNorm them as in training") boolean rawAppended;
    @Option(names = "--scheduled-sampling", defaultValue = "0", paramLabel = "RATE", description = "probability that a"
            + " step trains on the autoregressive path instead of teacher forcing (docs/reference/vp.md §4.3; upstream 0.04;"
            + " default ${DEFAULT-VALUE} = teacher forcing only)") double scheduledSampling;
    @Option(names = "--resume", description = "continue OUT from its last completed epoch") boolean resume;

    @Override
    public Integer call() throws Exception {
        VpTrainingSettings s = new VpTrainingSettings(hw, pw, rank, lr, weightDecay, batch, clip, epochs, evalEvery, validLimit,
                seed, timeBudget, !rawAppended, scheduledSampling);
        Path bb = backbone != null ? RepoRoot.userPath(backbone) : NetLlmModels.defaultFolder().resolve("backbone");
        String name = backbone != null ? bb.toString() : EMBEDDED_BACKBONE;
        VpData data = VpData.bundled();
        WindowSettings w = WindowSettings.of(hw, pw);
        List<VpSample> train = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.TRAIN, w);
        if (trainLimit > 0) {
            train = train.subList(0, Math.min(trainLimit, train.size()));
        }
        List<VpSample> valid = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.VALID, w);
        try (VpTrainer t = new VpTrainer(s, bb, name, train, valid, RepoRoot.userPath(out), System.out, resume)) {
            System.out.printf(Locale.ROOT, "NetLLM-VP: %d train samples, %d steps/epoch, %d trainable parameters, backbone %s%n",
                    train.size(), t.stepsPerEpoch(), t.trainableCount(), name);
            VpTrainer.Result r = t.run(resume);
            System.out.printf(Locale.ROOT, "%s after %d epochs (%d steps): best valid MSE %.6f at epoch %d -> %s%n",
                    r.finished() ? "finished" : "stopped", r.epochsDone(), r.steps(), r.bestValidMse(), r.bestEpoch(),
                    RepoRoot.userPath(out).resolve(VpTrainer.BEST_DIR));
            return r.finished() ? 0 : 3;
        }
    }
}
