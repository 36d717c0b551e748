package org.netllm.testbed.abr.netllm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;

/**
 * A SHA-256 over the trained parts of the NetLLM checkpoint behind a registry name, so an experiment
 * can tell that "netllm" today is the model it started with (a retrained model in the same folder
 * would otherwise mix two models in one result table). Hashed: config.json, modules.safetensors and
 * the PEFT adapter — what DD-LRNA trains. The frozen backbone is identified by the path in
 * config.json, not hashed: a 7B backbone is 13 GB and never changes under training.
 */
public final class ModelFingerprint {

    /** Checkpoint files that define the trained model, relative to the checkpoint folder. */
    static final List<String> TRAINED_FILES = List.of(DtCheckpointConfig.CONFIG_FILE, DtCheckpointConfig.MODULES_FILE,
            DtCheckpointConfig.ADAPTER_DIR + "/adapter_config.json",
            DtCheckpointConfig.ADAPTER_DIR + "/adapter_model.safetensors");

    private ModelFingerprint() {
    }

    /**
     * "sha256:HEX" for {@code netllm} (the embedded model) and {@code netllm:PATH}; empty for every
     * other algorithm (their behaviour is code and bundled weights, fixed by the build).
     *
     * @throws IOException when the checkpoint cannot be read (named in the message)
     */
    public static Optional<String> of(String algorithm) throws IOException {
        if (algorithm.equals(NetLlmAbrPolicy.NAME)) {
            MessageDigest md = sha256();
            for (String f : TRAINED_FILES) {
                try (InputStream in = NetLlmModels.class.getResourceAsStream(NetLlmModels.DEFAULT_RESOURCE + f)) {
                    if (in == null) {
                        throw new IOException("classpath resource " + NetLlmModels.DEFAULT_RESOURCE + f
                                + " not found: the embedded NetLLM model is incomplete");
                    }
                    update(md, f, in.readAllBytes());
                }
            }
            return Optional.of(hex(md));
        }
        if (algorithm.startsWith(NetLlmModels.PATH_PREFIX)) {
            Path dir = NetLlmModels.resolveCheckpoint(Path.of(algorithm.substring(NetLlmModels.PATH_PREFIX.length()))
                    .toAbsolutePath().normalize());
            MessageDigest md = sha256();
            for (String f : TRAINED_FILES) {
                Path p = dir.resolve(f);
                if (!Files.isRegularFile(p)) {
                    throw new IOException(p + ": missing from NetLLM checkpoint " + dir);
                }
                update(md, f, Files.readAllBytes(p));
            }
            return Optional.of(hex(md));
        }
        return Optional.empty();
    }

    private static void update(MessageDigest md, String name, byte[] content) {
        // name and length first, so moving bytes between files changes the digest
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
        md.update(content);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static String hex(MessageDigest md) {
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
