package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;

/** A single Linear(hidden → outputs) head, e.g. NetLLM's ABR {@code action_head} (docs/reference/abr.md §7.3). */
public final class LinearHead implements NetworkingHead {

    private final Dense dense;

    public LinearHead(Dense dense) {
        this.dense = dense;
    }

    @Override
    public int outputs() {
        return (int) dense.out();
    }

    @Override
    public NDArray apply(NDArray hidden) {
        return dense.forward(hidden);
    }
}
