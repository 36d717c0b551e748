package org.netllm.testbed.netllm.backbone;

/**
 * One Linear layer on plain float arrays: y = W·x + b with W (out, in) row-major (Hugging Face's [out, in]
 * layout, docs/reference/llama.md §2) and an optional bias (out). Used by {@link JavaLlama} and by task
 * modules that run beside it without DJL.
 */
public record PlainLinear(float[] weight, float[] bias, int in, int out) {

    public PlainLinear {
        if (weight.length != (long) in * out || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("linear (" + out + ", " + in + ") got " + weight.length + " weights and "
                    + (bias == null ? "no" : bias.length) + " biases");
        }
    }

    /** y (out) = W·x + b for x (in). */
    public void apply(float[] x, float[] y) {
        for (int o = 0; o < out; o++) {
            float s = dot(weight, o * in, x, 0, in);
            y[o] = bias == null ? s : s + bias[o];
        }
    }

    /** A new (out) array: W·x + b. */
    public float[] apply(float[] x) {
        float[] y = new float[out];
        apply(x, y);
        return y;
    }

    /**
     * Σ a[aOff+i]·b[bOff+i] over n, with four independent partial sums: the JIT keeps float additions in
     * order, so one accumulator would serialise every step on the adder's latency.
     */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
