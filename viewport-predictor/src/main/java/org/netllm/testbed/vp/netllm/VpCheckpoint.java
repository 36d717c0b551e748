package org.netllm.testbed.vp.netllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netllm.testbed.netllm.checkpoint.BackbonePin;
import org.netllm.testbed.netllm.checkpoint.ConfigFields;

import java.io.IOException;
import java.nio.file.Path;

import static org.netllm.testbed.netllm.checkpoint.ConfigFields.bool;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.positive;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.text;

/**
 * {@code config.json} of a NetLLM-VP checkpoint folder — the same layout as the ABR adapter's
 * ({@code netllm.adapt.DtCheckpointConfig}): {@code config.json} (format, task, backbone, adapter, sizes),
 * {@code modules.safetensors} (the task modules, {@link VpModules}), {@code adapter/} (PEFT LoRA). The task is
 * recorded as {@code "vp"}; the backbone is referenced, not copied, and pinned by the SHA-256 of its
 * {@code model.safetensors}, so a checkpoint can only be opened on the backbone it was trained on.
 *
 * @param backbone       where the backbone was (relative to the folder when inside it); informative when the
 *                       caller supplies the backbone folder (the embedded model runs on the ABR model's backbone)
 * @param backboneSha256 SHA-256 of the backbone's {@code model.safetensors}
 * @param hw             history window it was trained with
 * @param pw             prediction window it was trained with
 * @param layerNormAppended whether generation LayerNorms the appended prediction tokens like the teacher-forced
 *                       ones (this project's default) or leaves them raw (upstream's quirk, docs/reference/abr.md §4.2)
 */
public record VpCheckpoint(String backbone, String backboneSha256, int hiddenSize, int rank, int hw, int pw, long seed,
                           boolean layerNormAppended) {
    public static final String FORMAT = "netllm-vp/1";
    public static final String TASK = "vp";
    public static final String CONFIG_FILE = "config.json";
    public static final String MODULES_FILE = "modules.safetensors";
    public static final String ADAPTER_DIR = "adapter";
    public static final String BACKBONE_WEIGHTS = "model.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("task", TASK);
        root.put("backbone", backbone);
        root.put("backbone_sha256", backboneSha256);
        root.put("adapter", ADAPTER_DIR);
        root.put("hidden_size", hiddenSize);
        root.put("which_layer", -1);
        ObjectNode dims = root.putObject("task_dims");
        dims.put("feature_dim", VpModules.FEATURE_DIM);
        dims.put("hw", hw);
        dims.put("pw", pw);
        dims.put("lora_rank", rank);
        root.put("seed", seed);
        root.put("ln_appended_tokens", layerNormAppended);
        JSON.writeValue(dir.resolve(CONFIG_FILE).toFile(), root);
    }

    public static VpCheckpoint read(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        JsonNode root = ConfigFields.readObject(dir, CONFIG_FILE, "a NetLLM-VP checkpoint");
        ConfigFields.requireFormat(file, root, FORMAT);
        ConfigFields.requireTask(file, root, TASK);
        JsonNode dims = ConfigFields.object(file, root, "task_dims");
        return new VpCheckpoint(text(file, root, "backbone"), text(file, root, "backbone_sha256"),
                positive(file, root, "hidden_size"), positive(file, dims, "lora_rank"), positive(file, dims, "hw"),
                positive(file, dims, "pw"), root.path("seed").asLong(), bool(file, root, "ln_appended_tokens"));
    }

    /** SHA-256 of a backbone folder's weights file. */
    public static String backboneSha256(Path backboneDir) throws IOException {
        return BackbonePin.sha256(backboneDir);
    }

    /** Fails unless {@code backboneDir} holds the backbone this checkpoint was trained on. */
    public void requireBackbone(Path dir, Path backboneDir) throws IOException {
        BackbonePin.require(dir, backboneSha256, backboneDir);
    }

    /** The backbone folder recorded in the checkpoint (relative paths resolve against the checkpoint folder). */
    public Path recordedBackbone(Path dir) {
        Path p = Path.of(backbone);
        return p.isAbsolute() ? p : dir.resolve(p).normalize();
    }
}
