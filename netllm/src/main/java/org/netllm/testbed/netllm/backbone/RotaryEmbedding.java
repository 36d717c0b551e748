package org.netllm.testbed.netllm.backbone;

/**
 * Rotary position embedding tables in the "rotate_half" layout (docs/reference/llama.md "RoPE"):
 * inv_freq_k = theta^(−2k/d) for k = 0..d/2−1, angle = position · inv_freq, and cos/sin repeated to
 * length d as [cos, cos]. Values are computed with float32 rounding at the same steps as
 * transformers' default/linear/llama3 initialisers so positions in the thousands still agree.
 */
public final class RotaryEmbedding {

    private final int headDim;
    private final float[] invFreq;

    public RotaryEmbedding(int headDim, double theta, RopeScaling scaling) {
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even, got " + headDim);
        }
        this.headDim = headDim;
        float[] base = new float[headDim / 2];
        float thetaF = (float) theta;
        for (int k = 0; k < base.length; k++) {
            // torch: 1.0 / (base ** (arange(0, d, 2).float() / d)), all float32
            float exponent = (float) (2 * k) / (float) headDim;
            float denom = (float) Math.pow(thetaF, exponent);
            base[k] = 1.0f / denom;
        }
        this.invFreq = scaling.scale(base);
    }

    public static RotaryEmbedding of(LlamaConfig config) {
        return new RotaryEmbedding(config.headDim(), config.ropeTheta(), config.ropeScaling());
    }

    public int headDim() {
        return headDim;
    }

    /** A copy of the (scaled) inverse frequencies, length head_dim / 2. */
    public float[] invFreq() {
        return invFreq.clone();
    }

    /** cos table (seq, head_dim) row-major for positions 0..seq−1. */
    public float[] cos(int seq) {
        return table(seq, true);
    }

    /** sin table (seq, head_dim) row-major for positions 0..seq−1. */
    public float[] sin(int seq) {
        return table(seq, false);
    }

    /**
     * R (head_dim, head_dim) row-major with x·R = rotate_half(x) = [−x2, x1] for x = [x1, x2] on
     * halves: column j &lt; d/2 holds −1 at row j + d/2, column j ≥ d/2 holds +1 at row j − d/2.
     */
    public float[] rotateHalfMatrix() {
        int half = headDim / 2;
        float[] r = new float[headDim * headDim];
        for (int j = 0; j < half; j++) {
            r[(j + half) * headDim + j] = -1f;
            r[j * headDim + j + half] = 1f;
        }
        return r;
    }

    private float[] table(int seq, boolean cosine) {
        float[] out = new float[seq * headDim];
        float[] row = new float[headDim];
        for (int p = 0; p < seq; p++) {
            rowAt(p, cosine, row);
            System.arraycopy(row, 0, out, p * headDim, headDim);
        }
        return out;
    }

    /** Row {@code position} of the cos (or sin) table into {@code out} (head_dim): [v, v] on halves. */
    public void rowAt(int position, boolean cosine, float[] out) {
        int half = headDim / 2;
        for (int k = 0; k < half; k++) {
            float angle = (float) position * invFreq[k]; // float32 product, as torch's matmul of inv_freq and positions
            float v = (float) (cosine ? Math.cos(angle) : Math.sin(angle));
            out[k] = v;
            out[k + half] = v;
        }
    }
}
