package org.netllm.testbed.abr.netllm;

import java.util.SplittableRandom;

/**
 * Turns the action head's logits into a quality: argmax, or a draw from softmax(logits) with
 * Python {@code random.choices}' rule (u · Σw, first index whose cumulative weight exceeds it —
 * bisect_right; abr-reference §7.6). The seeded Java RNG does not replay Python's Mersenne
 * Twister stream, so sampled runs match the original in distribution only (§9.19).
 */
public final class QualityChooser {

    private final SplittableRandom rng;

    private QualityChooser(SplittableRandom rng) {
        this.rng = rng;
    }

    public static QualityChooser argmax() {
        return new QualityChooser(null);
    }

    public static QualityChooser sampling(long seed) {
        return new QualityChooser(new SplittableRandom(seed));
    }

    public boolean samples() {
        return rng != null;
    }

    public int choose(float[] logits) {
        if (rng == null) {
            return argmax(logits);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] cum = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            total += Math.exp(logits[i] - max);
            cum[i] = total;
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < cum.length; i++) {
            if (cum[i] > u) {
                return i;
            }
        }
        return cum.length - 1;
    }

    /** First index of the maximum (torch.argmax picks the first on ties). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
