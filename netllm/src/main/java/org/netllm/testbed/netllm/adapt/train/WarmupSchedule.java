package org.netllm.testbed.netllm.adapt.train;

/**
 * NetLLM's LambdaLR warm-up (docs/reference/abr.md §7.4): factor(s) = min((s + 1) / warmup, 1), where s is
 * the number of scheduler steps taken so far (one per optimizer step), so optimizer step k (0-based)
 * runs at base·min((k + 1)/warmup, 1).
 */
public record WarmupSchedule(double baseLr, int warmupSteps) {

    public WarmupSchedule {
        if (!(baseLr > 0) || warmupSteps < 1) {
            throw new IllegalArgumentException("learning rate must be > 0 and warm-up >= 1 step, got " + baseLr + ", "
                    + warmupSteps);
        }
    }

    /** Learning rate of optimizer step {@code step} (0-based). */
    public double lr(long step) {
        return baseLr * Math.min((step + 1) / (double) warmupSteps, 1.0);
    }
}
