package org.netllm.testbed.cjs.netllm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.testbed.netllm.checkpoint.EmbeddedCheckpoint;

/**
 * The embedded default NetLLM-CJS adapter (its MODEL_CARD.md): trained on the embedded ABR model's backbone, which it
 * does not copy — callers pass that backbone folder, and {@link CjsCheckpoint#requireBackbone} checks it is the same
 * one (SHA-256).
 */
public final class NetLlmCjsModels {
    public static final String DEFAULT_RESOURCE = "/org/netllm/testbed/cjs/models/netllm-cjs-default/";
    public static final String DEFAULT_NAME = "netllm-cjs-default";
    static final List<String> DEFAULT_FILES = List.of(CjsCheckpoint.CONFIG_FILE, CjsCheckpoint.MODULES_FILE,
            "adapter/adapter_config.json", "adapter/adapter_model.safetensors");

    private NetLlmCjsModels() {
    }

    /** Whether this build carries the embedded adapter. */
    public static boolean embeddedPresent() {
        return EmbeddedCheckpoint.present(NetLlmCjsModels.class, DEFAULT_RESOURCE, CjsCheckpoint.CONFIG_FILE);
    }

    /** The embedded checkpoint as a folder: the resource folder itself, or a temp copy when inside a jar. */
    public static Path embeddedFolder() throws IOException {
        return EmbeddedCheckpoint.folder(NetLlmCjsModels.class, DEFAULT_RESOURCE, DEFAULT_FILES, "NetLLM-CJS adapter");
    }

    /** {@code dir} when it holds config.json, else {@code dir/best} (a `cjs train` run folder). */
    public static Path resolveCheckpoint(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(CjsCheckpoint.CONFIG_FILE))) {
            return dir;
        }
        Path best = dir.resolve(CjsTrainer.BEST_DIR);
        if (Files.isRegularFile(best.resolve(CjsCheckpoint.CONFIG_FILE))) {
            return best;
        }
        throw new IOException(dir + ": not a NetLLM-CJS checkpoint (no config.json, and no best/config.json)");
    }
}
