package org.netllm.testbed.abr.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * Test-scope backbone: causal but attention-free, h_t = W · mean(x_0..x_t). Cheap, order- and
 * context-sensitive, and trivially recomputed by {@link ReferenceAbrDt}.
 */
final class CumulativeMeanBackbone implements Backbone {

    private final NDManager manager = NDManager.newBaseManager();
    private final NDArray weight; // (E, E)
    final float[] w;
    private final int hidden;

    CumulativeMeanBackbone(int hidden, float[] w) {
        this.hidden = hidden;
        this.w = w;
        this.weight = manager.create(w, new Shape(hidden, hidden));
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray forward(NDArray x) {
        long len = x.getShape().get(1);
        NDArray counts = x.getManager().arange(1f, len + 1f).toType(DataType.FLOAT32, false).reshape(1, len, 1);
        NDArray mean = x.cumSum(1).div(counts);                                     // (1, L, E)
        return Linear.linear(mean, weight).singletonOrThrow();                      // (1, L, E)
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
