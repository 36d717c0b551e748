package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;

/**
 * A per-request addition to the output of a frozen Linear layer, e.g. LoRA's (α/r)·x·Aᵀ·Bᵀ. Passing
 * the adapter with each forward (instead of patching weights) lets one loaded backbone serve many
 * adapters at once.
 */
@FunctionalInterface
public interface LinearAdapter {

    /** No adaptation anywhere. */
    LinearAdapter NONE = (layer, module, x, training) -> null;

    /**
     * The term to add to {@code module}'s output in decoder layer {@code layer} for input {@code x}
     * (..., in_features) → (..., out_features), in x's dtype; null when that module is not adapted.
     */
    NDArray delta(int layer, LinearModule module, NDArray x, boolean training);
}
