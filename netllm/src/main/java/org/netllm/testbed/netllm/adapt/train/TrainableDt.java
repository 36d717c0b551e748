package org.netllm.testbed.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.MultimodalEncoder;
import org.netllm.testbed.netllm.adapt.NetworkingHead;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.lora.LoraAdapter;

/**
 * A decision transformer being trained (docs/reference/abr.md §7.3–7.4): frozen Llama backbone, trainable
 * LoRA A/B and trainable task modules (encoder, return/action/timestep embeddings, LayerNorm,
 * head). All trainable arrays get gradients attached; {@link #parameters()} names them — module
 * names as in {@code modules.safetensors}, LoRA matrices as {@code lora.<i>} in
 * {@link LoraAdapter#parameters()} order — for the optimizer and its saved state.
 */
public final class TrainableDt<O> implements AutoCloseable {

    /** Name prefix of LoRA matrices in {@link #parameters()}. */
    public static final String LORA_PREFIX = "lora.";

    private final LlamaBackbone base;
    private final LoraAdapter adapter;
    private final int whichLayer;
    private final MultimodalEncoder<O> encoder;
    private final DtEmbeddings embeddings;
    private final NetworkingHead head;
    private final Map<String, NDArray> moduleParameters;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final DtWindowForward<O> forward;
    private final NDManager modulesManager;
    private boolean training = true;

    /**
     * @param modulesManager owns the module arrays; closed with this object
     * @param moduleParameters every module array by checkpoint name
     */
    public TrainableDt(LlamaBackbone base, LoraAdapter adapter, int whichLayer, MultimodalEncoder<O> encoder,
            DtEmbeddings embeddings, NetworkingHead head, Map<String, NDArray> moduleParameters,
            NDManager modulesManager, boolean residual) {
        this.base = base;
        this.adapter = adapter;
        this.whichLayer = whichLayer;
        this.encoder = encoder;
        this.embeddings = embeddings;
        this.head = head;
        this.moduleParameters = Collections.unmodifiableMap(new LinkedHashMap<>(moduleParameters));
        this.modulesManager = modulesManager;
        moduleParameters.forEach((name, p) -> {
            p.setRequiresGradient(true);
            parameters.put(name, p);
        });
        List<NDArray> lora = adapter.parameters();
        for (int i = 0; i < lora.size(); i++) {
            parameters.put(LORA_PREFIX + i, lora.get(i)); // LoraAdapter already attached gradients
        }
        this.forward = new DtWindowForward<>(new View(), encoder, embeddings, head, residual);
    }

    /** Trainable arrays by name (modules first, then LoRA). */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Module arrays by checkpoint name (what {@code modules.safetensors} holds). */
    public Map<String, NDArray> moduleParameters() {
        return moduleParameters;
    }

    public LoraAdapter adapter() {
        return adapter;
    }

    public LlamaBackbone base() {
        return base;
    }

    public DtWindowForward<O> forward() {
        return forward;
    }

    public MultimodalEncoder<O> encoder() {
        return encoder;
    }

    public DtEmbeddings embeddings() {
        return embeddings;
    }

    public NetworkingHead head() {
        return head;
    }

    public int whichLayer() {
        return whichLayer;
    }

    /** Training mode enables LoRA dropout (PEFT semantics). */
    public void setTraining(boolean on) {
        this.training = on;
    }

    public int trainableCount() {
        long n = 0;
        for (NDArray p : parameters.values()) {
            n += p.size();
        }
        return Math.toIntExact(n);
    }

    /** The backbone as the forward sees it: base + this adapter, early exit, dropout iff training. */
    private final class View implements Backbone {
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
            ForwardOptions o = ForwardOptions.DEFAULT.withWhichLayer(whichLayer).withAdapter(adapter, training);
            return base.forward(inputsEmbeds, o).lastHiddenState();
        }

        @Override
        public List<NDArray> trainableParameters() {
            return adapter.parameters();
        }

        @Override
        public void close() {
            // owned by the enclosing TrainableDt
        }
    }

    @Override
    public void close() {
        modulesManager.close();
        adapter.close();
        base.close();
    }
}
