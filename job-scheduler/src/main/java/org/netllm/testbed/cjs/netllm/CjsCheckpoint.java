package org.netllm.testbed.cjs.netllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.checkpoint.BackbonePin;
import org.netllm.testbed.netllm.checkpoint.ConfigFields;

import static org.netllm.testbed.netllm.checkpoint.ConfigFields.integer;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.number;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.positive;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.text;

/**
 * {@code config.json} of a NetLLM-CJS checkpoint folder, the same layout as the ABR and VP adapters:
 * <pre>
 * DIR/config.json           this record (format netllm-cjs/1, task cjs)
 * DIR/modules.safetensors   {@link CjsModules}
 * DIR/adapter/              PEFT LoRA (q_proj, v_proj)
 * DIR/training-metrics.jsonl, DIR/MODEL_CARD.md (informative)
 * </pre>
 * The backbone is referenced and pinned by the SHA-256 of its {@code model.safetensors}. The pool statistics
 * inference needs (r_min, r_max, max_return, max_timestep; docs/reference/cjs.md §5.5) are recorded here because
 * the original does not store them with its weights.
 *
 * @param backbone       how the backbone was named when training (informative; callers supply the folder)
 * @param featureDim     F, state feature dim of the encoder
 * @param window         K, steps of context (training windows and inference deques)
 * @param maxTokens      sequence cap (tokens kept from the end; docs/reference/cjs.md "choices")
 * @param timestepRows   rows of the time embedding (max_timestep + 2)
 * @param normalisation  reward/return statistics of the pool
 * @param stageHead      which stage head {@code modules.safetensors} holds ({@code stage_head}; absent = last, §5.4)
 */
public record CjsCheckpoint(String backbone, String backboneSha256, int hiddenSize, int featureDim, int rank, int window,
                            int maxTokens, int timestepRows, ReturnNormalisation normalisation, long seed,
                            StageHead stageHead) {
    public static final String FORMAT = "netllm-cjs/1";
    public static final String TASK = "cjs";
    public static final String CONFIG_FILE = "config.json";
    public static final String MODULES_FILE = "modules.safetensors";
    public static final String ADAPTER_DIR = "adapter";
    public static final String METRICS_FILE = "training-metrics.jsonl";
    public static final String MODEL_CARD = "MODEL_CARD.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A checkpoint with the spec's default stage head ({@link StageHead#LAST}). */
    public CjsCheckpoint(String backbone, String backboneSha256, int hiddenSize, int featureDim, int rank, int window,
                         int maxTokens, int timestepRows, ReturnNormalisation normalisation, long seed) {
        this(backbone, backboneSha256, hiddenSize, featureDim, rank, window, maxTokens, timestepRows, normalisation, seed,
                StageHead.LAST);
    }

    public CjsCheckpoint {
        java.util.Objects.requireNonNull(stageHead, "stageHead");
        if (normalisation.maxTimestep() + 1 >= timestepRows) {
            throw new IllegalArgumentException("max_timestep " + normalisation.maxTimestep() + " needs at least "
                    + (normalisation.maxTimestep() + 2) + " timestep rows, got " + timestepRows);
        }
    }

    /** τ saturates at max_ep_len − 1 = max_timestep (§5.7). */
    public int maxTimestep() {
        return normalisation.maxTimestep();
    }

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
        dims.put("state_feature_dim", featureDim);
        dims.put("max_stage_num", CjsModules.MAX_STAGES);
        dims.put("stage_head", stageHead.configName());
        dims.put("max_exec_num", CjsModules.MAX_EXEC);
        dims.put("w", window);
        dims.put("max_tokens", maxTokens);
        dims.put("timestep_rows", timestepRows);
        dims.put("lora_rank", rank);
        ObjectNode n = root.putObject("normalisation");
        n.put("min_reward", normalisation.minReward());
        n.put("max_reward", normalisation.maxReward());
        n.put("max_return", normalisation.maxReturn());
        n.put("max_timestep", normalisation.maxTimestep());
        n.put("scale", normalisation.scale());
        root.put("seed", seed);
        JSON.writeValue(dir.resolve(CONFIG_FILE).toFile(), root);
    }

    public static CjsCheckpoint read(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        JsonNode root = ConfigFields.readObject(dir, CONFIG_FILE, "a NetLLM-CJS checkpoint");
        ConfigFields.requireFormat(file, root, FORMAT);
        ConfigFields.requireTask(file, root, TASK);
        JsonNode dims = ConfigFields.object(file, root, "task_dims");
        if (integer(file, dims, "max_stage_num") != CjsModules.MAX_STAGES || integer(file, dims, "max_exec_num") != CjsModules.MAX_EXEC) {
            throw new CheckpointException(file + ": heads must be max_stage_num " + CjsModules.MAX_STAGES + " / max_exec_num "
                    + CjsModules.MAX_EXEC);
        }
        StageHead head = StageHead.LAST; // checkpoints written before the setting existed all use the last-token head
        if (dims.has("stage_head")) {
            try {
                head = StageHead.parse(text(file, dims, "stage_head"));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": task_dims.stage_head: " + e.getMessage());
            }
        }
        JsonNode n = ConfigFields.object(file, root, "normalisation");
        ReturnNormalisation norm;
        try {
            norm = new ReturnNormalisation(number(file, n, "min_reward"), number(file, n, "max_reward"),
                    number(file, n, "max_return"), integer(file, n, "max_timestep"), number(file, n, "scale"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": normalisation: " + e.getMessage());
        }
        try {
            return new CjsCheckpoint(text(file, root, "backbone"), text(file, root, "backbone_sha256"),
                    positive(file, root, "hidden_size"), positive(file, dims, "state_feature_dim"), positive(file, dims, "lora_rank"),
                    positive(file, dims, "w"), positive(file, dims, "max_tokens"), positive(file, dims, "timestep_rows"), norm,
                    ConfigFields.longInteger(file, root, "seed"), head);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": " + e.getMessage());
        }
    }

    /** Fails unless {@code backboneDir} holds the backbone this checkpoint was trained on. */
    public void requireBackbone(Path dir, Path backboneDir) throws IOException {
        BackbonePin.require(dir, backboneSha256, backboneDir);
    }
}
