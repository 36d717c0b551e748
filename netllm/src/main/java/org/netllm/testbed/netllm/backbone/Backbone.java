package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A frozen pre-trained decoder stack used as NetLLM's "brain": token embeddings in, hidden states
 * out, no LM head (docs/reference/abr.md §7.3). Task adapters (encoders, heads, LoRA) sit around it; one
 * backbone instance is shared by all tasks and sessions.
 */
public interface Backbone extends AutoCloseable {

    /** Width of every token embedding, e.g. 4096 for Llama2-7B. */
    int hiddenSize();

    /** The manager that owns the backbone's weights (and the device they live on). */
    NDManager manager();

    /**
     * Runs the decoder on {@code inputsEmbeds} (batch, seq, hidden) with a causal mask and positions
     * 0..seq-1; returns last_hidden_state (batch, seq, hidden) after the final norm. Gradients flow
     * to {@link #trainableParameters()} when called inside a GradientCollector.
     */
    NDArray forward(NDArray inputsEmbeds);

    /**
     * Inference shortcut: the final hidden state only at {@code positions[b]} of each row b,
     * (batch, seq, hidden) → (batch, hidden), equal to {@code forward(inputsEmbeds)} at those
     * positions. Implementations may skip work no selected position depends on; this default runs
     * the full forward and picks the rows.
     */
    default NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
        NDArray hidden = forward(inputsEmbeds); // (batch, seq, hidden)
        NDArray out = HiddenRows.select(hidden, positions);
        hidden.close();
        return out;
    }

    /** Parameters that training updates (LoRA matrices); empty when nothing is attached. */
    List<NDArray> trainableParameters();

    @Override
    void close();
}
