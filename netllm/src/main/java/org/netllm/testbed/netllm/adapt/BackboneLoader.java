package org.netllm.testbed.netllm.adapt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * Opens the frozen backbone a checkpoint refers to, with its LoRA adapter attached and the early
 * exit configured. The concrete loader (Llama on DJL) is chosen by the caller, so the
 * decision-transformer plumbing does not depend on one backbone implementation.
 */
@FunctionalInterface
public interface BackboneLoader {

    /**
     * @param backboneDir Hugging Face model folder
     * @param adapterDir  PEFT adapter folder, if the checkpoint has one
     * @param whichLayer  early exit after this layer, −1 = all layers (docs/reference/abr.md §7.3)
     */
    Backbone load(Path backboneDir, Optional<Path> adapterDir, int whichLayer) throws IOException;
}
