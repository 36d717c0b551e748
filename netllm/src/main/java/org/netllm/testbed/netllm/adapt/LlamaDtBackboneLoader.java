package org.netllm.testbed.netllm.adapt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.InferenceView;
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

    /** Base + optional adapter with fixed inference options (no dropout); owns and closes both. */
    private static final class Inference extends InferenceView {

        Inference(LlamaBackbone base, LoraAdapter adapter, ForwardOptions opts) {
            super(base, adapter, opts);
        }

        @Override
        public void close() {
            closeAdapter();
            base.close();
        }
    }
}
