package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Result of a forward pass. {@code hiddenStates} is empty unless requested; otherwise index 0 is the
 * input embeddings, index i the output of layer i−1, and the last entry the final normed output
 * (docs/reference/llama.md "output"). All arrays are (batch, seq, hidden).
 */
public record BackboneOutput(NDArray lastHiddenState, List<NDArray> hiddenStates) {
    public BackboneOutput {
        hiddenStates = List.copyOf(hiddenStates);
    }
}
