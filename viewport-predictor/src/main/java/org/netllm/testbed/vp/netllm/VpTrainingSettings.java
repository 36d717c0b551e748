package org.netllm.testbed.vp.netllm;

import java.time.Duration;

/**
 * Settings of a NetLLM-VP training run (docs/reference/vp.md §4.3). Upstream: LoRA rank 32, AdamW lr 2e-4,
 * weight decay 1e-4 (none on biases), clip 1.0, effective batch 32, 40 epochs, seed 1, hw/pw 10/20.
 *
 * @param batch      samples per optimizer step (upstream: batch 1 × accumulation 32; one batched forward gives
 *                   the same mean-loss gradient)
 * @param evalEvery  validate every this many epochs (and after the last)
 * @param validLimit validation samples used (0 = the whole valid split); a fixed prefix, so scores compare
 * @param layerNormAppended generation LayerNorms appended tokens (consistent with teacher forcing); false =
 *                   upstream's quirk (docs/reference/vp.md §4.2)
 * @param timeBudget checked after each epoch: stop (resumable) once training has run this long
 * @param scheduledSampling probability that an optimizer step trains on the autoregressive path (§4.2) instead of
 *                   teacher forcing (docs/reference/vp.md §4.3; upstream {@code --scheduled-sampling}, mix rate
 *                   {@link #UPSTREAM_SCHEDULED_SAMPLING}); 0 = teacher forcing only
 */
public record VpTrainingSettings(int hw, int pw, int rank, double lr, double weightDecay, int batch, double clip,
                                 int epochs, int evalEvery, int validLimit, long seed, Duration timeBudget,
                                 boolean layerNormAppended, double scheduledSampling) {
    public static final int UPSTREAM_RANK = 32;
    public static final double UPSTREAM_LR = 2e-4;
    public static final double UPSTREAM_WEIGHT_DECAY = 1e-4;
    public static final int UPSTREAM_BATCH = 32;
    public static final double UPSTREAM_CLIP = 1.0;
    public static final int UPSTREAM_EPOCHS = 40;
    public static final long UPSTREAM_SEED = 1;
    /** Upstream's {@code --mix-rate} default when {@code --scheduled-sampling} is on ({@code VP/run_plm.py}). */
    public static final double UPSTREAM_SCHEDULED_SAMPLING = 0.04;

    public VpTrainingSettings {
        if (hw < 2 || pw < 1 || rank < 1 || batch < 1 || epochs < 1 || evalEvery < 1 || validLimit < 0) {
            throw new IllegalArgumentException("hw >= 2, pw, rank, batch, epochs, eval-every >= 1, valid-limit >= 0");
        }
        if (!(lr > 0) || weightDecay < 0 || !(clip > 0)) {
            throw new IllegalArgumentException("lr and clip must be > 0, weight decay >= 0");
        }
        if (!(scheduledSampling >= 0 && scheduledSampling <= 1)) {
            throw new IllegalArgumentException("scheduled-sampling rate must be within [0, 1], got " + scheduledSampling);
        }
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("time budget must be > 0");
        }
    }
}
