package org.netllm.testbed.cjs.sched;

import org.netllm.testbed.netllm.rng.PythonRandom;

/**
 * How the neural schedulers turn logits into a choice (docs/reference/cjs.md §4.3, §5.7): a float32 softmax,
 * then CPython's {@code random.choices} over the probabilities, or the argmax in greedy mode. Shared by
 * Decima and NetLLM-CJS so that both draw exactly as the Python scripts do.
 */
public final class CategoricalSampling {

    private CategoricalSampling() {
    }

    /** Draws an index with {@code random.choices} semantics, or the argmax when {@code random} is null. */
    public static int pick(float[] logits, PythonRandom random) {
        if (random == null) {
            return argmax(logits);
        }
        return random.choicesIndex(cumulative(softmax(logits)));
    }

    /** First index of the largest value (torch.argmax on CPU). */
    public static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    /** float32 softmax (subtract max, exp, normalise), as torch.softmax on a 1-d tensor. */
    public static float[] softmax(float[] x) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        float[] e = new float[x.length];
        float sum = 0;
        for (int i = 0; i < x.length; i++) {
            e[i] = (float) Math.exp(x[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    /**
     * {@code itertools.accumulate} over numpy float32 probabilities: running sums rounded to
     * float32 at each step; the total is then used in double (numpy 1.x scalar promotion).
     */
    public static double[] cumulative(float[] p) {
        double[] c = new double[p.length];
        float acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc = i == 0 ? p[0] : acc + p[i];
            c[i] = acc;
        }
        return c;
    }
}
