package org.netllm.testbed.netllm.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netllm.testbed.netllm.checkpoint.ConfigFields;

import static org.netllm.testbed.netllm.checkpoint.ConfigFields.bool;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.integer;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.number;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.positive;
import static org.netllm.testbed.netllm.checkpoint.ConfigFields.text;

/**
 * {@code config.json} of our task-agnostic decision-transformer checkpoint folder:
 * <pre>
 * DIR/config.json          this record
 * DIR/modules.safetensors  encoder / embeddings / LayerNorm / head, our names (F32)
 * DIR/adapter/             PEFT LoRA folder (adapter_config.json + adapter_model.safetensors), optional
 * </pre>
 * The backbone is referenced, not copied (one 7B backbone serves many task adapters).
 *
 * @param task             task id that knows the encoder/head layout, e.g. "abr"
 * @param backbone         base model folder (absolute; stored relative when inside the checkpoint folder)
 * @param hasAdapter       whether DIR/adapter holds a LoRA adapter
 * @param hiddenSize       E, the backbone's hidden size
 * @param whichLayer       early exit after this decoder layer (−1 = all, docs/reference/abr.md §7.3)
 * @param residual         add LayerNorm'd inputs to the backbone output (docs/reference/abr.md §7.3, default false)
 * @param window           w, past steps kept at inference (docs/reference/abr.md §7.6)
 * @param timestepRows     rows of embed_timestep (max_ep_len + 1)
 * @param layerNormEps     eps of embed_ln
 * @param taskDims         task-specific sizes, e.g. {state_feature_dim: 256, action_dim: 6}
 * @param normalisation    return statistics (docs/reference/abr.md §4.3, §7.6)
 */
public record DtCheckpointConfig(String task, Path backbone, boolean hasAdapter, int hiddenSize, int whichLayer,
        boolean residual, int window, int timestepRows, double layerNormEps, Map<String, Integer> taskDims,
        ReturnNormalisation normalisation) {

    public static final String FORMAT = "netllm-dt/1";
    /**
     * Token layout of the inference context, recorded so that a model is never served with another
     * layout than the one it was checked against. 2: every token of a step, the action token
     * included, carries that step's time embedding (docs/reference/abr.md §7.6, NetLLM@105bcf0). Layout 1
     * (before this project's fix) pushed action tokens without it; folders without the key are layout 1.
     */
    public static final int TOKEN_LAYOUT = 2;
    public static final String TOKEN_LAYOUT_KEY = "token_layout";
    public static final String CONFIG_FILE = "config.json";
    public static final String MODULES_FILE = "modules.safetensors";
    public static final String ADAPTER_DIR = "adapter";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DtCheckpointConfig {
        taskDims = Map.copyOf(taskDims);
    }

    /** A task dimension, or an error naming the config key. */
    public int taskDim(Path file, String key) throws CheckpointException {
        Integer v = taskDims.get(key);
        if (v == null) {
            throw new CheckpointException(file + ": task_dims has no '" + key + "'");
        }
        return v;
    }

    public void write(Path dir) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("task", task);
        root.put(TOKEN_LAYOUT_KEY, TOKEN_LAYOUT);
        // a backbone inside the checkpoint folder is stored relative to it, so the folder can move
        Path bb = backbone.toAbsolutePath().normalize();
        Path home = dir.toAbsolutePath().normalize();
        root.put("backbone", bb.startsWith(home) ? home.relativize(bb).toString() : bb.toString());
        root.put("adapter", hasAdapter ? ADAPTER_DIR : null);
        root.put("hidden_size", hiddenSize);
        root.put("which_layer", whichLayer);
        root.put("residual", residual);
        root.put("w", window);
        root.put("timestep_rows", timestepRows);
        root.put("layer_norm_eps", layerNormEps);
        ObjectNode dims = root.putObject("task_dims");
        new java.util.TreeMap<>(taskDims).forEach(dims::put); // sorted: Map.of order varies per JVM
        ObjectNode n = root.putObject("normalisation");
        n.put("min_reward", normalisation.minReward());
        n.put("max_reward", normalisation.maxReward());
        n.put("max_return", normalisation.maxReturn());
        n.put("max_timestep", normalisation.maxTimestep());
        n.put("scale", normalisation.scale());
        JSON.writeValue(dir.resolve(CONFIG_FILE).toFile(), root);
    }

    public static DtCheckpointConfig read(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        JsonNode root = ConfigFields.readObject(dir, CONFIG_FILE, "a checkpoint made by `netllm import`");
        String format = text(file, root, "format");
        if (!format.equals(FORMAT)) {
            throw new CheckpointException(file + ": format '" + format + "' is not " + FORMAT);
        }
        checkTokenLayout(file, root);
        JsonNode adapter = root.path("adapter");
        if (!adapter.isNull() && !adapter.isMissingNode() && !ADAPTER_DIR.equals(adapter.asText())) {
            throw new CheckpointException(file + ": 'adapter' must be null or \"" + ADAPTER_DIR + "\"");
        }
        JsonNode dimsNode = root.path("task_dims");
        if (!dimsNode.isObject()) {
            throw new CheckpointException(file + ": missing object 'task_dims'");
        }
        Map<String, Integer> dims = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = dimsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
                throw new CheckpointException(file + ": task_dims." + e.getKey() + " is not an integer");
            }
            dims.put(e.getKey(), e.getValue().intValue());
        }
        JsonNode n = root.path("normalisation");
        if (!n.isObject()) {
            throw new CheckpointException(file + ": missing object 'normalisation'");
        }
        ReturnNormalisation norm;
        try {
            norm = new ReturnNormalisation(number(file, n, "min_reward"), number(file, n, "max_reward"),
                    number(file, n, "max_return"), integer(file, n, "max_timestep"), number(file, n, "scale"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file + ": normalisation: " + e.getMessage());
        }
        Path backbone = Path.of(text(file, root, "backbone"));
        if (!backbone.isAbsolute()) {
            backbone = dir.resolve(backbone).normalize(); // relative = inside the checkpoint folder
        }
        DtCheckpointConfig c = new DtCheckpointConfig(text(file, root, "task"), backbone,
                adapter.isTextual(), positive(file, root, "hidden_size"), integer(file, root, "which_layer"),
                bool(file, root, "residual"), positive(file, root, "w"), positive(file, root, "timestep_rows"),
                number(file, root, "layer_norm_eps"), dims, norm);
        if (c.normalisation.maxTimestep() >= c.timestepRows) {
            throw new CheckpointException(file + ": max_timestep " + c.normalisation.maxTimestep()
                    + " does not fit timestep_rows " + c.timestepRows);
        }
        return c;
    }

    /** Refuses a folder written for another token layout, saying how to get a layout-2 folder. */
    private static void checkTokenLayout(Path file, JsonNode root) throws CheckpointException {
        JsonNode v = root.get(TOKEN_LAYOUT_KEY);
        if (v != null && !v.isIntegralNumber()) {
            throw new CheckpointException(file + ": '" + TOKEN_LAYOUT_KEY + "' must be an integer");
        }
        int layout = v == null ? 1 : v.intValue();
        if (layout == TOKEN_LAYOUT) {
            return;
        }
        if (layout == 1) {
            throw new CheckpointException(file + ": written with token layout 1 (inference pushed action tokens without"
                    + " their time embedding, unlike the original NetLLM); this build serves layout " + TOKEN_LAYOUT
                    + " only. An imported original checkpoint: run `./testbed netllm import` again on its files. A model"
                    + " trained by this project: retrain it (`./testbed netllm train` or `./testbed netllm build-default`)"
                    + " and check it again before serving (docs/reference/abr.md, token layout).");
        }
        throw new CheckpointException(file + ": token layout " + layout + " is unknown to this build (it serves layout "
                + TOKEN_LAYOUT + "); use the build that wrote this folder");
    }
}
