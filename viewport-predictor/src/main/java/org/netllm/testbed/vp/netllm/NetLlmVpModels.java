package org.netllm.testbed.vp.netllm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.testbed.netllm.checkpoint.EmbeddedCheckpoint;

/**
 * The embedded default NetLLM-VP adapter (its MODEL_CARD.md): trained on the embedded ABR model's backbone,
 * which it does not copy — callers pass that backbone folder, and {@link VpCheckpoint#requireBackbone} checks
 * it is the same one (SHA-256).
 */
public final class NetLlmVpModels {
    public static final String DEFAULT_RESOURCE = "/org/netllm/testbed/vp/models/netllm-vp-default/";
    static final List<String> DEFAULT_FILES = List.of(VpCheckpoint.CONFIG_FILE, VpCheckpoint.MODULES_FILE,
            "adapter/adapter_config.json", "adapter/adapter_model.safetensors");

    private NetLlmVpModels() {
    }

    /** Whether this build carries the embedded adapter. */
    public static boolean embeddedPresent() {
        return EmbeddedCheckpoint.present(NetLlmVpModels.class, DEFAULT_RESOURCE, VpCheckpoint.CONFIG_FILE);
    }

    /** The embedded checkpoint as a folder: the resource folder itself, or a temp copy when inside a jar. */
    public static Path embeddedFolder() throws IOException {
        return EmbeddedCheckpoint.folder(NetLlmVpModels.class, DEFAULT_RESOURCE, DEFAULT_FILES, "NetLLM-VP adapter");
    }

    /** {@code dir} when it holds config.json, else {@code dir/best} (a `vp train` run folder). */
    public static Path resolveCheckpoint(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(VpCheckpoint.CONFIG_FILE))) {
            return dir;
        }
        Path best = dir.resolve(VpTrainer.BEST_DIR);
        if (Files.isRegularFile(best.resolve(VpCheckpoint.CONFIG_FILE))) {
            return best;
        }
        throw new IOException(dir + ": not a NetLLM-VP checkpoint (no config.json, and no best/config.json)");
    }
}
