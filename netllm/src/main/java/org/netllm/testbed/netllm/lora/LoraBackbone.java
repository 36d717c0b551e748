package org.netllm.testbed.netllm.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.BackboneOutput;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;

/**
 * A task's view of a shared frozen {@link LlamaBackbone} with its own {@link LoraAdapter}: forward
 * applies the adapter, trainableParameters are its A/B matrices. Closing the view closes the adapter
 * only; the shared backbone keeps serving other adapters.
 */
public final class LoraBackbone implements Backbone {

    private final LlamaBackbone base;
    private final LoraAdapter adapter;
    private volatile boolean training;

    public LoraBackbone(LlamaBackbone base, LoraAdapter adapter) {
        this.base = base;
        this.adapter = adapter;
    }

    /** Training mode turns on LoRA dropout (PEFT applies it only in train()). */
    public void setTraining(boolean on) {
        this.training = on;
    }

    public boolean isTraining() {
        return training;
    }

    public LlamaBackbone base() {
        return base;
    }

    public LoraAdapter adapter() {
        return adapter;
    }

    @Override
    public int hiddenSize() {
        return base.hiddenSize();
    }

    @Override
    public NDManager manager() {
        return base.manager();
    }

    @Override
    public NDArray forward(NDArray inputsEmbeds) {
        return forward(inputsEmbeds, ForwardOptions.DEFAULT).lastHiddenState();
    }

    @Override
    public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
        return base.forwardAt(inputsEmbeds, positions, ForwardOptions.DEFAULT.withAdapter(adapter, training));
    }

    /** {@code opts} with this view's adapter and training flag substituted. */
    public BackboneOutput forward(NDArray inputsEmbeds, ForwardOptions opts) {
        return base.forward(inputsEmbeds, opts.withAdapter(adapter, training));
    }

    @Override
    public List<NDArray> trainableParameters() {
        return adapter.parameters();
    }

    @Override
    public void close() {
        adapter.close();
    }
}
