package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;

/**
 * NetLLM's networking head (paper §4.2): maps the backbone's hidden state at the prediction
 * position to the task's answer in one pass (ABR: 6 quality logits), instead of decoding tokens.
 */
public interface NetworkingHead {

    /** Width of the task output. */
    int outputs();

    /** (..., hidden) → (..., outputs). */
    NDArray apply(NDArray hidden);
}
