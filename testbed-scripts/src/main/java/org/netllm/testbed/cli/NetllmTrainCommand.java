package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.netllm.train.AbrTraining;
import org.netllm.testbed.abr.netllm.train.AbrTrainingSettings;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.netllm.adapt.train.DtTrainer;
import org.netllm.testbed.netllm.adapt.train.TrainingConfig;
import org.netllm.testbed.netllm.lora.LoraConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./testbed netllm train}: DD-LRNA fine-tuning of the ABR decision transformer (docs/reference/abr.md §7.4). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Adapt a Llama backbone to ABR from an experience pool (LoRA + encoder/head), validating in the "
                + "simulator and keeping the best checkpoint in OUT/best.")
final class NetllmTrainCommand implements Callable<Integer> {

    @Option(names = "--backbone", required = true, description = "Hugging Face Llama folder (frozen)")
    Path backbone;

    @Option(names = "--pool", required = true, description = "Experience pool from `netllm pool`")
    Path pool;

    @Option(names = "--out", required = true, description = "Run folder (best/, last/, resume/, metrics.jsonl)")
    Path out;

    @Option(names = "--w", defaultValue = "" + TrainingConfig.DEFAULT_WINDOW, description = "Context window (default ${DEFAULT-VALUE})")
    int w;

    @Option(names = "--sample-step", description = "Window stride request (default: w)")
    Integer sampleStep;

    @Option(names = "--rank", defaultValue = "128", description = "LoRA rank (default ${DEFAULT-VALUE})")
    int rank;

    @Option(names = "--alpha", defaultValue = "" + LoraConfig.NETLLM_ALPHA, description = "LoRA alpha (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--dropout", defaultValue = "" + LoraConfig.NETLLM_DROPOUT, description = "LoRA dropout (default ${DEFAULT-VALUE})")
    double dropout;

    @Option(names = "--state-feature-dim", defaultValue = "256", description = "State encoder feature dim F (default ${DEFAULT-VALUE})")
    int featureDim;

    @Option(names = "--which-layer", defaultValue = "-1", description = "Early exit after this layer, -1 = all (default ${DEFAULT-VALUE})")
    int whichLayer;

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.DEFAULT_LR, description = "Learning rate (default ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "" + TrainingConfig.DEFAULT_WEIGHT_DECAY, description = "AdamW weight decay (default ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--warmup", defaultValue = "" + TrainingConfig.DEFAULT_WARMUP, description = "Warm-up steps (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--accum", defaultValue = "" + TrainingConfig.DEFAULT_ACCUM, description = "Windows per optimizer step (default ${DEFAULT-VALUE})")
    int accum;

    @Option(names = "--clip", defaultValue = "" + TrainingConfig.DEFAULT_CLIP, description = "Grad-norm clip (default ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS, description = "Epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--eval-every", defaultValue = "" + TrainingConfig.DEFAULT_EVAL_EVERY, description = "Validate every N epochs (default ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--valid-traces", defaultValue = "traces/fcc/valid", description = "Validation traces (default ${DEFAULT-VALUE})")
    Path validTraces;

    @Option(names = "--valid-trace-num", defaultValue = "0", description = "First N validation traces, 0 = all (default ${DEFAULT-VALUE})")
    int validTraceNum;

    @Option(names = "--video", defaultValue = VideoSpecs.DEFAULT_NAME, description = "Video for validation (default ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED, description = "Seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--time-budget", defaultValue = "10h", description = "Stop, validate and save after this long, e.g. 25m, 90s, 2h (default ${DEFAULT-VALUE})")
    String timeBudget;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after N optimizer steps, 0 = no limit")
    long maxSteps;

    @Option(names = "--threads", description = "Simulator threads for validation (default: available processors)")
    Integer threads;

    @Option(names = "--resume", description = "Continue the run in --out from its last saved state")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        AbrTrainingSettings s = settings();
        try (AbrTraining t = AbrTraining.open(s, resume)) {
            DtTrainer.Result r = t.train(resume, System.err, System.console() != null);
            System.out.printf("%s after %d steps (%d epochs) in %s; best validation QoE %.4f at epoch %d -> %s%n",
                    r.finished() ? "finished" : "stopped (resume with --resume)", r.steps(), r.epochsDone(),
                    formatDuration(r.elapsed()), r.bestScore(), r.bestEpoch(), out.resolve(DtTrainer.BEST_DIR));
        }
        return 0;
    }

    AbrTrainingSettings settings() {
        TrainingConfig cfg = new TrainingConfig(w, sampleStep == null ? w : sampleStep, lr, weightDecay, warmup, accum,
                clip, epochs, evalEvery, seed, parseDuration(timeBudget), maxSteps);
        return new AbrTrainingSettings(backbone, pool, out, new LoraConfig(rank, alpha, dropout, LoraConfig.DEFAULT_TARGETS),
                featureDim, whichLayer, validTraces, validTraceNum, video,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads, cfg);
    }

    /** "25m", "90s", "2h", "1h30m" → Duration. */
    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!t.matches("(\\d+h)?(\\d+m)?(\\d+s)?") || t.isEmpty()) {
            throw new IllegalArgumentException("--time-budget '" + text + "': expected e.g. 25m, 90s, 2h or 1h30m");
        }
        return Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
    }

    static String formatDuration(Duration d) {
        long s = d.toSeconds();
        return String.format("%dm%02ds", s / 60, s % 60);
    }
}
