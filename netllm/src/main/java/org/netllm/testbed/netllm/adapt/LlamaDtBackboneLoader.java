package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.LinearAdapter;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.lora.LoraAdapter;

/**
 * Opens a checkpoint's Llama-family backbone (default device and fp32, {@code LoadOptions.defaults()})
 * with its LoRA adapter and early exit, for inference. The returned backbone owns both and closes
 * them.
 */
public final class LlamaDtBackboneLoader implements BackboneLoader {

    public static final LlamaDtBackboneLoader INSTANCE = new LlamaDtBackboneLoader();

    private LlamaDtBackboneLoader() {
    }

    @Override
    public Backbone load(Path backboneDir, Optional<Path> adapterDir, int whichLayer) throws IOException {
        LlamaBackbone base = LlamaBackbone.load(backboneDir);
        try {
            LoraAdapter adapter = adapterDir.isPresent() ? LoraAdapter.load(base, adapterDir.get()) : null;
            ForwardOptions opts = ForwardOptions.DEFAULT.withWhichLayer(whichLayer)
                    .withAdapter(adapter == null ? LinearAdapter.NONE : adapter, false);
            return new Inference(base, adapter, opts);
        } catch (IOException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    /** Base + optional adapter with fixed inference options (no dropout). */
    private static final class Inference implements Backbone {
        private final LlamaBackbone base;
        private final LoraAdapter adapter;
        private final ForwardOptions opts;

        Inference(LlamaBackbone base, LoraAdapter adapter, ForwardOptions opts) {
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

        @Override
        public NDArray forward(NDArray inputsEmbeds) {
            return base.forward(inputsEmbeds, opts).lastHiddenState();
        }

        @Override
        public List<NDArray> trainableParameters() {
            return List.of();
        }

        @Override
        public void close() {
            if (adapter != null) {
                adapter.close();
            }
            base.close();
        }
    }
}
