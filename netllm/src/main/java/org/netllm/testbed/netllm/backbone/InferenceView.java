package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.netllm.testbed.netllm.lora.LoraAdapter;

/**
 * A frozen Llama backbone seen by one task: its optional LoRA adapter and early-exit options fixed,
 * inference only (nothing trainable). Subclasses decide what closing releases — the backbone itself,
 * or one reference to a backbone shared by several tasks.
 */
public abstract class InferenceView implements Backbone {

    protected final LlamaBackbone base;
    protected final LoraAdapter adapter;
    private final ForwardOptions opts;
    private JavaLlama plain;

    protected InferenceView(LlamaBackbone base, LoraAdapter adapter, ForwardOptions opts) {
        this.base = base;
        this.adapter = adapter;
        this.opts = opts;
    }

    @Override
    public int hiddenSize() {
        return base.hiddenSize();
    }

    @Override
    public NDManager manager() {
        return base.manager();
    }

    /** (batch, seq, hidden) → last_hidden_state (batch, seq, hidden) with this view's adapter and exit layer. */
    @Override
    public NDArray forward(NDArray inputsEmbeds) {
        return base.forward(inputsEmbeds, opts).lastHiddenState();
    }

    /** (batch, seq, hidden) → (batch, hidden) at each row's position; the last layer runs for those positions only. */
    @Override
    public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
        return base.forwardAt(inputsEmbeds, positions, opts);
    }

    /**
     * This view (adapter folded, same exit layer) as a plain-Java forward with a KV cache, built on first call;
     * equal to {@link #forward} up to float rounding.
     *
     * @throws IllegalArgumentException when the backbone is too large for it ({@link JavaLlama#fits})
     */
    public synchronized JavaLlama plainJava() {
        if (plain == null) {
            plain = base.plainJava().adapted(adapter, opts.whichLayer());
        }
        return plain;
    }

    /** Whether {@link #plainJava()} is available for this backbone's size. */
    public boolean plainJavaFits() {
        return JavaLlama.fits(base.config());
    }

    @Override
    public List<NDArray> trainableParameters() {
        return List.of();
    }

    /** Frees this view's adapter (not the backbone). */
    protected void closeAdapter() {
        if (adapter != null) {
            adapter.close();
        }
    }
}
