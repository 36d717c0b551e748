package org.netllm.testbed.netllm.backbone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The architecture fields of a Hugging Face config.json that a Llama-family decoder needs
 * (docs/reference/llama.md "config keys"). Llama, Mistral and Qwen2 share the decoder; they differ in
 * q/k/v biases (Qwen2, or attention_bias) and Mistral's sliding window.
 *
 * @param slidingWindow Mistral/Qwen2 sliding-window attention span, or 0 when absent. Within the window
 *     sliding attention is identical to full causal attention, so the backbone runs full causal
 *     attention and refuses sequences longer than the window instead of silently diverging.
 * @param torchDtype the checkpoint's declared dtype (torch_dtype or dtype), lower case, or "" if absent.
 */
public record LlamaConfig(
        String modelType,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean attentionBias,
        boolean mlpBias,
        int slidingWindow,
        String torchDtype) {

    public static final String CONFIG_FILE = "config.json";
    static final Set<String> MODEL_TYPES = Set.of("llama", "mistral", "qwen2");
    /** transformers' LlamaConfig defaults, used when a key is absent. */
    static final double DEFAULT_ROPE_THETA = 10000.0;
    static final double DEFAULT_RMS_NORM_EPS = 1e-6;
    static final String SUPPORTED_ACTIVATION = "silu";

    private static final ObjectMapper JSON = new ObjectMapper();

    public LlamaConfig {
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numAttentionHeads
                    + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim " + headDim + " must be even for rotary embeddings");
        }
    }

    /** Query heads per key/value head (grouped-query attention; 1 = plain multi-head). */
    public int kvGroups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Width of the q_proj output (may differ from hidden_size when head_dim is explicit). */
    public int qDim() {
        return numAttentionHeads * headDim;
    }

    /** Width of the k_proj / v_proj outputs. */
    public int kvDim() {
        return numKeyValueHeads * headDim;
    }

    /** Whether q/k/v projections carry biases (Qwen2 always; Llama when attention_bias is true). */
    public boolean qkvBias() {
        return attentionBias || modelType.equals("qwen2");
    }

    /** Whether o_proj carries a bias: Llama's attention_bias covers all four projections, Qwen2's o_proj has none. */
    public boolean oBias() {
        return attentionBias && !modelType.equals("qwen2");
    }

    /** Reads {@code dir/config.json}. */
    public static LlamaConfig load(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new LlamaConfigException(dir + ": no " + CONFIG_FILE + " (not a Hugging Face model folder)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new LlamaConfigException(file + ": not valid JSON: " + e.getMessage());
        }
        return parse(root, file.toString());
    }

    /** Parses a config.json tree; {@code where} names the source in error messages. */
    public static LlamaConfig parse(JsonNode root, String where) throws LlamaConfigException {
        if (root == null || !root.isObject()) {
            throw new LlamaConfigException(where + ": top level is not a JSON object");
        }
        Fields f = new Fields(root, where);
        String modelType = f.requiredText("model_type").toLowerCase(Locale.ROOT);
        if (!MODEL_TYPES.contains(modelType)) {
            throw new LlamaConfigException(where + ": model_type '" + modelType
                    + "' is not supported (supported: llama, mistral, qwen2)");
        }
        String act = f.optionalText("hidden_act", SUPPORTED_ACTIVATION);
        if (!act.equals(SUPPORTED_ACTIVATION)) {
            throw new LlamaConfigException(where + ": hidden_act '" + act + "' is not supported (only silu)");
        }
        int hidden = f.requiredPositiveInt("hidden_size");
        int heads = f.requiredPositiveInt("num_attention_heads");
        int kvHeads = f.optionalPositiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw new LlamaConfigException(where + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (!root.hasNonNull("head_dim") && hidden % heads != 0) {
            throw new LlamaConfigException(where + ": hidden_size " + hidden
                    + " is not divisible by num_attention_heads " + heads + " and head_dim is absent");
        }
        int headDim = f.optionalPositiveInt("head_dim", hidden / Math.max(heads, 1));
        if (headDim % 2 != 0) {
            throw new LlamaConfigException(where + ": head_dim " + headDim + " must be even for rotary embeddings");
        }
        double eps = f.optionalPositiveDouble("rms_norm_eps", DEFAULT_RMS_NORM_EPS);
        boolean attentionBias = f.optionalBoolean("attention_bias", false);
        boolean mlpBias = f.optionalBoolean("mlp_bias", false);
        int slidingWindow = 0;
        if (!modelType.equals("llama") && root.hasNonNull("sliding_window")
                && f.optionalBoolean("use_sliding_window", modelType.equals("mistral"))) {
            slidingWindow = f.requiredPositiveInt("sliding_window");
        }
        String dtype = root.hasNonNull("dtype") ? f.optionalText("dtype", "") : f.optionalText("torch_dtype", "");

        // RoPE: newer configs nest everything in rope_parameters, older ones use rope_theta + rope_scaling
        double theta;
        RopeScaling scaling;
        if (root.hasNonNull("rope_parameters")) {
            JsonNode rp = root.get("rope_parameters");
            Fields r = new Fields(rp, where + " rope_parameters");
            if (!rp.isObject()) {
                throw new LlamaConfigException(where + ": rope_parameters is not an object");
            }
            theta = r.optionalPositiveDouble("rope_theta", f.optionalPositiveDouble("rope_theta", DEFAULT_ROPE_THETA));
            scaling = parseScaling(rp, r, where + " rope_parameters");
        } else {
            theta = f.optionalPositiveDouble("rope_theta", DEFAULT_ROPE_THETA);
            JsonNode rs = root.get("rope_scaling");
            if (rs == null || rs.isNull()) {
                scaling = new RopeScaling.None();
            } else if (!rs.isObject()) {
                throw new LlamaConfigException(where + ": rope_scaling is not an object");
            } else {
                scaling = parseScaling(rs, new Fields(rs, where + " rope_scaling"), where + " rope_scaling");
            }
        }
        return new LlamaConfig(modelType, hidden, f.requiredPositiveInt("intermediate_size"),
                f.requiredPositiveInt("num_hidden_layers"), heads, kvHeads, headDim, eps, theta, scaling,
                attentionBias, mlpBias, slidingWindow, dtype.toLowerCase(Locale.ROOT));
    }

    /** rope_type (or the older "type") selects the inv_freq adjustment, as in transformers. */
    private static RopeScaling parseScaling(JsonNode node, Fields r, String where) throws LlamaConfigException {
        String type = node.hasNonNull("rope_type") ? r.optionalText("rope_type", "default")
                : r.optionalText("type", "default");
        return switch (type) {
            case "default" -> new RopeScaling.None();
            case "linear" -> new RopeScaling.Linear(r.requiredPositiveDouble("factor"));
            case "llama3" -> {
                double low = r.requiredPositiveDouble("low_freq_factor");
                double high = r.requiredPositiveDouble("high_freq_factor");
                if (!(high > low)) {
                    throw new LlamaConfigException(where + ": high_freq_factor " + high
                            + " must exceed low_freq_factor " + low);
                }
                yield new RopeScaling.Llama3(r.requiredPositiveDouble("factor"), low, high,
                        r.requiredPositiveDouble("original_max_position_embeddings"));
            }
            default -> throw new LlamaConfigException(where + ": rope_type '" + type
                    + "' is not supported (supported: default, linear, llama3)");
        };
    }

    /** Typed access to one JSON object with errors naming the source and key. */
    private record Fields(JsonNode node, String where) {

        String requiredText(String key) throws LlamaConfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new LlamaConfigException(where + ": missing key '" + key + "'");
            }
            if (!v.isTextual()) {
                throw new LlamaConfigException(where + ": '" + key + "' must be a string, got " + v);
            }
            return v.asText();
        }

        String optionalText(String key, String dflt) throws LlamaConfigException {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : requiredText(key);
        }

        int requiredPositiveInt(String key) throws LlamaConfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new LlamaConfigException(where + ": missing key '" + key + "'");
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() <= 0) {
                throw new LlamaConfigException(where + ": '" + key + "' must be a positive integer, got " + v);
            }
            return v.asInt();
        }

        int optionalPositiveInt(String key, int dflt) throws LlamaConfigException {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : requiredPositiveInt(key);
        }

        double requiredPositiveDouble(String key) throws LlamaConfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                throw new LlamaConfigException(where + ": missing key '" + key + "'");
            }
            if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
                throw new LlamaConfigException(where + ": '" + key + "' must be a positive number, got " + v);
            }
            return v.asDouble();
        }

        double optionalPositiveDouble(String key, double dflt) throws LlamaConfigException {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? dflt : requiredPositiveDouble(key);
        }

        boolean optionalBoolean(String key, boolean dflt) throws LlamaConfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw new LlamaConfigException(where + ": '" + key + "' must be true or false, got " + v);
            }
            return v.asBoolean();
        }
    }
}
