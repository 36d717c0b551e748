package org.netllm.testbed.vp.netllm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
        return NetLlmVpModels.class.getResource(DEFAULT_RESOURCE + VpCheckpoint.CONFIG_FILE) != null;
    }

    /** The embedded checkpoint as a folder: the resource folder itself, or a temp copy when inside a jar. */
    public static Path embeddedFolder() throws IOException {
        URL config = NetLlmVpModels.class.getResource(DEFAULT_RESOURCE + VpCheckpoint.CONFIG_FILE);
        if (config == null) {
            throw new IOException("classpath resource " + DEFAULT_RESOURCE + VpCheckpoint.CONFIG_FILE
                    + " not found: the embedded NetLLM-VP adapter is missing from this build");
        }
        if ("file".equals(config.getProtocol())) {
            try {
                return Path.of(config.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException("bad resource URL " + config, e);
            }
        }
        Path tmp = Files.createTempDirectory("netllm-vp-default-");
        tmp.toFile().deleteOnExit();
        for (String f : DEFAULT_FILES) {
            URL url = NetLlmVpModels.class.getResource(DEFAULT_RESOURCE + f);
            if (url == null) {
                throw new IOException("classpath resource " + DEFAULT_RESOURCE + f + " not found: the embedded NetLLM-VP adapter is incomplete");
            }
            Path target = tmp.resolve(f);
            Files.createDirectories(target.getParent());
            try (InputStream in = url.openStream()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            target.toFile().deleteOnExit();
        }
        return tmp;
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
