package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * NetLLM's multimodal encoder (paper §4.1): turns one task observation into a fixed number of
 * token embeddings in the backbone's hidden space. ABR: the 6×6 Pensieve state → 6 tokens
 * (docs/reference/abr.md §7.2); viewport prediction and job scheduling bring their own.
 *
 * @param <O> the task's observation type
 */
public interface MultimodalEncoder<O> {

    /** Tokens per observation (k). */
    int tokens();

    /** (k, hidden) embeddings of {@code observation}, allocated on {@code manager}. */
    NDArray encode(O observation, NDManager manager);

    /**
     * (n, k, hidden) embeddings of n observations; training encodes whole windows at once. Encoders
     * should implement {@link #encode} as this with n = 1 so that both paths run the same code.
     */
    default NDArray encodeBatch(java.util.List<O> observations, NDManager manager) {
        ai.djl.ndarray.NDList each = new ai.djl.ndarray.NDList(observations.size());
        for (O o : observations) {
            each.add(encode(o, manager));
        }
        return ai.djl.ndarray.NDArrays.stack(each, 0);
    }
}
