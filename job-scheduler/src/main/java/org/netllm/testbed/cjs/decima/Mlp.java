package org.netllm.testbed.cjs.decima;

/**
 * spark-sched-sim's {@code make_mlp}: Linear, act, Linear, act, Linear — no activation after the
 * last layer (docs/reference/cjs.md §4.4). Weights are PyTorch-layout [out, in] row-major float32;
 * dot products accumulate in double and round once to float32.
 */
final class Mlp {

    enum Activation { LEAKY_RELU_02, TANH }

    private final float[][] weights;
    private final float[][] biases;
    private final int[] inDims;
    private final int[] outDims;
    private final Activation act;

    Mlp(float[][] weights, float[][] biases, int[] inDims, int[] outDims, Activation act) {
        this.weights = weights;
        this.biases = biases;
        this.inDims = inDims;
        this.outDims = outDims;
        this.act = act;
    }

    int inDim() {
        return inDims[0];
    }

    int outDim() {
        return outDims[outDims.length - 1];
    }

    /** (in) → (out). */
    float[] forward(float[] x) {
        float[] h = x;
        for (int l = 0; l < weights.length; l++) {
            h = linear(h, l);
            if (l < weights.length - 1) {
                activate(h);
            }
        }
        return h;
    }

    private float[] linear(float[] x, int l) {
        int in = inDims[l];
        int out = outDims[l];
        float[] w = weights[l];
        float[] b = biases[l];
        float[] y = new float[out];
        for (int o = 0; o < out; o++) {
            double s = b[o];
            int base = o * in;
            for (int i = 0; i < in; i++) {
                s += (double) w[base + i] * x[i];
            }
            y[o] = (float) s;
        }
        return y;
    }

    private void activate(float[] h) {
        for (int i = 0; i < h.length; i++) {
            if (act == Activation.TANH) {
                h[i] = (float) Math.tanh(h[i]);
            } else if (h[i] < 0) {
                h[i] = h[i] * 0.2f;
            }
        }
    }
}
