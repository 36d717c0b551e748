package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;

/** One frozen Linear: weight (out, in) and optional bias (out); y = x·Wᵀ + b. */
public record LinearWeights(NDArray weight, NDArray bias) {
}
