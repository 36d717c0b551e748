package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import java.util.EnumMap;
import java.util.Map;

/** The frozen tensors of one decoder block (docs/reference/llama.md "block"). */
public record DecoderLayerWeights(NDArray inputNorm, NDArray postAttentionNorm, Map<LinearModule, LinearWeights> linears) {

    public DecoderLayerWeights {
        linears = java.util.Collections.unmodifiableMap(new EnumMap<>(linears));
    }

    public LinearWeights linear(LinearModule m) {
        return linears.get(m);
    }
}
