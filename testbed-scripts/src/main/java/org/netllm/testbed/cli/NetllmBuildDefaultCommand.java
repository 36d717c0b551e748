package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.netllm.pool.ExperiencePool;
import org.netllm.testbed.abr.netllm.pool.ExperiencePoolFile;
import org.netllm.testbed.abr.netllm.train.AbrTraining;
import org.netllm.testbed.abr.netllm.train.AbrTrainingSettings;
import org.netllm.testbed.abr.netllm.train.ModelPackaging;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.netllm.adapt.train.DtTrainer;
import org.netllm.testbed.netllm.adapt.train.TrainingConfig;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.lora.LoraConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed netllm build-default --out DIR}: rebuilds the embedded default NetLLM model end to
 * end with fixed seeds — random TinyLlama backbone, RobustMPC + GENET pool on fcc/train, DD-LRNA
 * training validated on fcc/valid — and packs the best checkpoint into DIR/model (the layout of
 * abr-controller's resources/org/netllm/testbed/abr/models/netllm-default). Settings are the
 * constants below and are recorded in the model card.
 */
@Command(name = "build-default", mixinStandardHelpOptions = true,
        description = "Rebuild the embedded default NetLLM ABR model (random tiny Llama + DD-LRNA on fcc/train).")
final class NetllmBuildDefaultCommand implements Callable<Integer> {

    // backbone: small and randomly initialised (no pretrained weights can be downloaded here)
    static final int HIDDEN = 128;
    static final int LAYERS = 2;
    static final int HEADS = 4;
    static final int INTERMEDIATE = 256;
    static final long BACKBONE_SEED = 1;
    // data
    static final List<String> POLICIES = List.of("robustmpc", "genet");
    static final long POOL_SEED = 100003;
    // adaptation
    static final int RANK = 16;
    static final int FEATURE_DIM = 64;
    static final double LR = 5e-4;
    static final int WARMUP = 200;
    static final int EPOCHS = TrainingConfig.DEFAULT_EPOCHS;
    static final int EVAL_EVERY = 2;
    static final int VALID_TRACES = 50;

    @Option(names = "--out", required = true, description = "Work folder: backbone/, fcc.pool, run/, model/")
    Path out;

    @Option(names = "--traces", defaultValue = "traces/fcc/train", description = "Training traces (default ${DEFAULT-VALUE})")
    Path traces;

    @Option(names = "--valid-traces", defaultValue = "traces/fcc/valid", description = "Validation traces (default ${DEFAULT-VALUE})")
    Path validTraces;

    @Option(names = "--threads", defaultValue = "2", description = "Simulator threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--time-budget", defaultValue = "27m", description = "Training stops after this long (default ${DEFAULT-VALUE})")
    String timeBudget;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path backbone = out.resolve("backbone");
        TinyLlama.write(backbone, TinyLlama.Spec.defaults().withSizes(HIDDEN, LAYERS, HEADS, HEADS, INTERMEDIATE)
                .withSeed(BACKBONE_SEED));
        System.out.println("backbone: " + backbone);

        Path pool = out.resolve("fcc.pool");
        ExperiencePool p = NetllmPoolCommand.collect(POLICIES, traces, 0, POOL_SEED, VideoSpecs.DEFAULT_NAME, 1, false, threads);
        ExperiencePoolFile.write(pool, p);
        System.out.printf("pool: %s (%d transitions)%n", pool, p.size());

        Path run = out.resolve("run");
        TrainingConfig cfg = new TrainingConfig(TrainingConfig.DEFAULT_WINDOW, TrainingConfig.DEFAULT_WINDOW, LR,
                TrainingConfig.DEFAULT_WEIGHT_DECAY, WARMUP, TrainingConfig.DEFAULT_ACCUM, TrainingConfig.DEFAULT_CLIP,
                EPOCHS, EVAL_EVERY, TrainingConfig.DEFAULT_SEED, NetllmTrainCommand.parseDuration(timeBudget), 0);
        AbrTrainingSettings s = new AbrTrainingSettings(backbone, pool, run, LoraConfig.netllm(RANK), FEATURE_DIM, -1,
                validTraces, VALID_TRACES, VideoSpecs.DEFAULT_NAME, threads, cfg);
        DtTrainer.Result r;
        try (AbrTraining t = AbrTraining.open(s, false)) {
            r = t.train(false, System.err, System.console() != null);
        }
        Path model = out.resolve("model");
        ModelPackaging.pack(run.resolve(DtTrainer.BEST_DIR), model);
        System.out.printf("model: %s (best validation QoE %.4f at epoch %d; %s) — total %s%n", model, r.bestScore(),
                r.bestEpoch(), r.finished() ? "all epochs" : "stopped by the time budget",
                NetllmTrainCommand.formatDuration(Duration.ofNanos(System.nanoTime() - t0)));
        return 0;
    }
}
