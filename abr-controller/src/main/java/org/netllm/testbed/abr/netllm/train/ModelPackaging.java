package org.netllm.testbed.abr.netllm.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;

/**
 * Makes a self-contained model folder from a trained checkpoint: the checkpoint files plus a copy
 * of its backbone under {@code backbone/}, with config.json pointing there by a relative path, so
 * the folder can be moved or shipped (the embedded default model is such a folder).
 */
public final class ModelPackaging {

    public static final String BACKBONE_DIR = "backbone";
    /** Backbone files copied (TinyLlama / single-file Hugging Face layout). */
    static final List<String> BACKBONE_FILES = List.of("config.json", "model.safetensors");
    static final List<String> CHECKPOINT_FILES = List.of(DtCheckpointConfig.MODULES_FILE,
            DtCheckpointConfig.ADAPTER_DIR + "/adapter_config.json", DtCheckpointConfig.ADAPTER_DIR + "/adapter_model.safetensors");

    private ModelPackaging() {
    }

    /** Copies {@code checkpoint} and its backbone into {@code out} (created or overwritten). */
    public static void pack(Path checkpoint, Path out) throws IOException {
        DtCheckpointConfig cfg = DtCheckpointConfig.read(checkpoint);
        Files.createDirectories(out.resolve(DtCheckpointConfig.ADAPTER_DIR));
        Files.createDirectories(out.resolve(BACKBONE_DIR));
        for (String f : CHECKPOINT_FILES) {
            copy(checkpoint.resolve(f), out.resolve(f));
        }
        for (String f : BACKBONE_FILES) {
            copy(cfg.backbone().resolve(f), out.resolve(BACKBONE_DIR).resolve(f));
        }
        new DtCheckpointConfig(cfg.task(), out.resolve(BACKBONE_DIR), cfg.hasAdapter(), cfg.hiddenSize(), cfg.whichLayer(),
                cfg.residual(), cfg.window(), cfg.timestepRows(), cfg.layerNormEps(), cfg.taskDims(), cfg.normalisation())
                .write(out);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isRegularFile(from)) {
            throw new IOException(from + ": missing (cannot package the model; sharded backbones are not supported here)");
        }
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
