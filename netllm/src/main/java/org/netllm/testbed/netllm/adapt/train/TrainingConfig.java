package org.netllm.testbed.netllm.adapt.train;

import java.time.Duration;

/**
 * Optimisation settings of a decision-transformer run; defaults are NetLLM's (docs/reference/abr.md §7.4)
 * except where the caller overrides them.
 *
 * @param window       w (paper 10)
 * @param sampleStep   window stride request (stride = min(sampleStep, w))
 * @param lr           AdamW base learning rate (1e-4)
 * @param weightDecay  AdamW decoupled weight decay (1e-4)
 * @param warmupSteps  LambdaLR warm-up optimizer steps (2000)
 * @param accum        windows per optimizer step (32; batch size 1 × accumulation)
 * @param clip         grad-norm clip (0.25)
 * @param epochs       epochs (80)
 * @param evalEvery    validate every this many epochs (2)
 * @param seed         seed of initialisation, epoch shuffles and dropout (100003)
 * @param timeBudget   stop (validate, save, mark resumable) once training has run this long
 * @param maxSteps     stop after this many optimizer steps (0 = no limit)
 */
public record TrainingConfig(int window, int sampleStep, double lr, double weightDecay, int warmupSteps, int accum,
        double clip, int epochs, int evalEvery, long seed, Duration timeBudget, long maxSteps) {

    public static final int DEFAULT_WINDOW = 10;
    public static final double DEFAULT_LR = 1e-4;
    public static final double DEFAULT_WEIGHT_DECAY = 1e-4;
    public static final int DEFAULT_WARMUP = 2000;
    public static final int DEFAULT_ACCUM = 32;
    public static final double DEFAULT_CLIP = 0.25;
    public static final int DEFAULT_EPOCHS = 80;
    public static final int DEFAULT_EVAL_EVERY = 2;
    public static final long DEFAULT_SEED = 100003;

    public TrainingConfig {
        if (window < 1 || sampleStep < 1 || accum < 1 || epochs < 1 || evalEvery < 1 || warmupSteps < 1) {
            throw new IllegalArgumentException("w, sample step, accum, epochs, eval-every and warm-up must be >= 1");
        }
        if (!(lr > 0) || weightDecay < 0 || !(clip > 0)) {
            throw new IllegalArgumentException("lr and clip must be > 0 and weight decay >= 0");
        }
        if (timeBudget.isNegative() || timeBudget.isZero() || maxSteps < 0) {
            throw new IllegalArgumentException("time budget must be > 0 and max steps >= 0");
        }
    }
}
