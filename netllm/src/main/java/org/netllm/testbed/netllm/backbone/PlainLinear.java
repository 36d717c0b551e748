package org.netllm.testbed.netllm.backbone;

import java.util.Arrays;

/**
 * One Linear layer on plain float arrays: y = W·x + b with W (out, in) given row-major (Hugging Face's [out, in]
 * layout, docs/reference/llama.md §2) and an optional bias (out). Used by {@link JavaLlama} and by task
 * modules that run beside it without DJL. Immutable and thread-safe.
 *
 * <p>Layout, for speed: W is kept column by column, {@code columns[i]} = W[:, i] (out), one array per input.
 * {@link #apply} then accumulates y += x[i]·W[:, i] over the inputs, an inner loop over contiguous output
 * elements with no reduction, which HotSpot C2 compiles to SIMD (AVX2/AVX-512): about 6× the scalar
 * four-accumulator dot product per row this class used before (viewport-predictor/README.md "Latency").
 * Each column is its own array because C2 (JDK 17) does not vectorize {@code y[o] += c·w[off + o]} with an
 * invariant offset {@code off} into a flat (in, out) array, but does with offset 0.
 *
 * <p>Arithmetic: y[o] = (Σ_i x[i]·W[o, i], summed in input order in float32) + b[o], each product rounded to
 * float before the add (Java never fuses a multiply-add). A different summation order than the DJL/MKL
 * reference, so results agree within float rounding, not bit for bit (the engine tests bound it).
 */
public final class PlainLinear {
    private final float[][] columns; // (in) × (out): columns[i][o] = W[o, i]
    private final float[] bias;      // (out) or null
    private final int in;
    private final int out;

    /** @param weight W (out, in) row-major; @param bias (out) or null */
    public PlainLinear(float[] weight, float[] bias, int in, int out) {
        if (in < 1 || out < 1 || weight.length != (long) in * out || (bias != null && bias.length != out)) {
            throw new IllegalArgumentException("linear (" + out + ", " + in + ") got " + weight.length + " weights and "
                    + (bias == null ? "no" : bias.length) + " biases");
        }
        this.in = in;
        this.out = out;
        this.bias = bias == null ? null : bias.clone();
        this.columns = new float[in][out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                columns[i][o] = weight[o * in + i];
            }
        }
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /** A new copy of W (out, in), row-major (the layout the constructor takes). */
    public float[] weight() {
        float[] w = new float[in * out];
        for (int i = 0; i < in; i++) {
            float[] c = columns[i];
            for (int o = 0; o < out; o++) {
                w[o * in + i] = c[o];
            }
        }
        return w;
    }

    /** A copy of the bias (out), or null. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** y (out) = W·x + b for x (in); {@code y} must not be {@code x}. */
    public void apply(float[] x, float[] y) {
        if (x.length < in || y.length < out) {
            throw new IllegalArgumentException("linear (" + out + ", " + in + "): x has " + x.length + ", y " + y.length + " values");
        }
        Arrays.fill(y, 0, out, 0f);
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            float[] c = columns[i];
            for (int o = 0; o < out; o++) { // contiguous, no reduction: vectorized by C2
                y[o] += xi * c[o];
            }
        }
        if (bias != null) {
            for (int o = 0; o < out; o++) {
                y[o] += bias[o];
            }
        }
    }

    /** A new (out) array: W·x + b. */
    public float[] apply(float[] x) {
        float[] y = new float[out];
        apply(x, y);
        return y;
    }

    /**
     * The Linears {@code parts}, all on the same input, as one: outputs stacked in order (y = [y_0; y_1; …]).
     * Each output element is the same sum as in its own part, so the results are bit-identical; one longer
     * inner loop per input column runs faster than several short ones. A part without bias contributes
     * zeros to the stacked bias when another part has one (adding +0 leaves a float unchanged).
     */
    public static PlainLinear stacked(PlainLinear... parts) {
        int in = parts[0].in;
        int out = 0;
        boolean anyBias = false;
        for (PlainLinear p : parts) {
            if (p.in != in) {
                throw new IllegalArgumentException("stacked Linears need one input size, got " + in + " and " + p.in);
            }
            out += p.out;
            anyBias |= p.bias != null;
        }
        float[][] columns = new float[in][out];
        float[] bias = anyBias ? new float[out] : null;
        int at = 0;
        for (PlainLinear p : parts) {
            for (int i = 0; i < in; i++) {
                System.arraycopy(p.columns[i], 0, columns[i], at, p.out);
            }
            if (p.bias != null) {
                System.arraycopy(p.bias, 0, bias, at, p.out);
            }
            at += p.out;
        }
        return new PlainLinear(columns, bias, in, out);
    }

    /** Outputs [from, to) of this Linear as a Linear of its own (a copy; the inverse of {@link #stacked}). */
    public PlainLinear slice(int from, int to) {
        if (from < 0 || to > out || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a Linear with " + out + " outputs");
        }
        float[][] c = new float[in][];
        for (int i = 0; i < in; i++) {
            c[i] = Arrays.copyOfRange(columns[i], from, to);
        }
        return new PlainLinear(c, bias == null ? null : Arrays.copyOfRange(bias, from, to), in, to - from);
    }

    private PlainLinear(float[][] columns, float[] bias, int in, int out) {
        this.columns = columns;
        this.bias = bias;
        this.in = in;
        this.out = out;
    }

    /**
     * Σ a[aOff+i]·b[bOff+i] over n, with four independent partial sums: the JIT keeps float additions in
     * order, so one accumulator would serialise every step on the adder's latency. (Attention scores; the
     * Linears use the column layout above.)
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
