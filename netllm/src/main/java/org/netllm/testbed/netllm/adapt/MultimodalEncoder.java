package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * NetLLM's multimodal encoder (paper §4.1): turns one task observation into a fixed number of
 * token embeddings in the backbone's hidden space. ABR: the 6×6 Pensieve state → 6 tokens
 * (abr-reference §7.2); viewport prediction and job scheduling bring their own.
 *
 * @param <O> the task's observation type
 */
public interface MultimodalEncoder<O> {

    /** Tokens per observation (k). */
    int tokens();

    /** (k, hidden) embeddings of {@code observation}, allocated on {@code manager}. */
    NDArray encode(O observation, NDManager manager);
}
