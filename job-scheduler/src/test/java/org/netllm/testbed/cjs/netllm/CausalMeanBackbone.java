package org.netllm.testbed.cjs.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * A tiny causal stand-in for the LLM in token-layout tests: out_t = tanh(W · mean(x_0..x_t)). Causal like a decoder
 * (position t sees only 0..t), so which tokens precede the read position, and in which window, changes the output;
 * simple enough for {@link ReferenceCjsPolicy} to recompute in doubles.
 */
final class CausalMeanBackbone implements Backbone {
    private final NDManager manager;
    private final NDArray weight; // (d, d)
    final double[][] w;

    CausalMeanBackbone(NDManager parent, int d, long seed) {
        this.manager = parent.newSubManager();
        Random r = new Random(seed);
        float[] v = new float[d * d];
        w = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) (r.nextGaussian() / Math.sqrt(d));
                w[i][j] = v[i * d + j];
            }
        }
        weight = manager.create(v, new Shape(d, d));
    }

    @Override
    public int hiddenSize() {
        return (int) weight.getShape().get(0);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** (1, L, d) → (1, L, d). */
    @Override
    public NDArray forward(NDArray inputsEmbeds) {
        long len = inputsEmbeds.getShape().get(1);
        int d = hiddenSize();
        float[] tri = new float[(int) (len * len)];
        for (int t = 0; t < len; t++) {
            for (int s = 0; s <= t; s++) {
                tri[(int) (t * len + s)] = 1f / (t + 1);
            }
        }
        NDArray x = inputsEmbeds.reshape(len, d);                                       // (L, d)
        NDArray mean = inputsEmbeds.getManager().create(tri, new Shape(len, len)).matMul(x); // (L, d)
        return mean.matMul(weight.transpose()).tanh().reshape(1, len, d);                // (1, L, d)
    }

    @Override
    public List<NDArray> trainableParameters() {
        return List.of();
    }

    @Override
    public void close() {
        manager.close();
    }
}
