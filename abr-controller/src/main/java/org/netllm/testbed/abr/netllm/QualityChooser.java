package org.netllm.testbed.abr.netllm;

import org.netllm.testbed.netllm.rng.PythonRandom;

/**
 * Turns the action head's logits into a quality: argmax, or a draw from softmax(logits) with
 * Python {@code random.choices}' rule (u · Σw, first index whose cumulative weight exceeds it —
 * bisect_right over the first n−1 cumulative weights; docs/reference/abr.md §7.6) on CPython's Mersenne
 * Twister ({@link PythonRandom}), so the uniforms equal those of {@code random.seed(seed)}. The
 * softmax is computed in double here, so a draw falling within float rounding of a cumulative
 * boundary may differ from the original.
 */
public final class QualityChooser {

    private final PythonRandom rng;

    private QualityChooser(PythonRandom rng) {
        this.rng = rng;
    }

    public static QualityChooser argmax() {
        return new QualityChooser(null);
    }

    public static QualityChooser sampling(long seed) {
        return new QualityChooser(new PythonRandom(seed));
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
        double u = rng.random() * total;
        // bisect(cum_weights, u, 0, n − 1)
        for (int i = 0; i < cum.length - 1; i++) {
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
