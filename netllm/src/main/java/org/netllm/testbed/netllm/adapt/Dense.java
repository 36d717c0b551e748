package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * torch.nn.Linear: y = x·Wᵀ + b with W stored [out, in] as PyTorch does.
 *
 * @param weight (out, in)
 * @param bias   (out)
 */
public record Dense(NDArray weight, NDArray bias) {

    /** (..., in) → (..., out). */
    public NDArray forward(NDArray x) {
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    public long in() {
        return weight.getShape().get(1);
    }

    public long out() {
        return weight.getShape().get(0);
    }

    /** Loads {@code <prefix>.weight} (out, in) and {@code <prefix>.bias} (out). */
    public static Dense load(NamedWeights w, ai.djl.ndarray.NDManager m, String prefix, long out, long in)
            throws CheckpointException {
        return new Dense(w.load(m, prefix + ".weight", out, in), w.load(m, prefix + ".bias", out));
    }
}
