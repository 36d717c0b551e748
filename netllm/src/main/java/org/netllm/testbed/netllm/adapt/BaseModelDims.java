package org.netllm.testbed.netllm.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The few sizes of a Hugging Face base model that adapter import validates shapes against
 * (docs/reference/llama.md: num_key_value_heads absent → heads, head_dim absent → hidden/heads).
 */
public record BaseModelDims(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads, int headDim) {

    public static BaseModelDims read(Path baseDir) throws IOException {
        Path file = baseDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(baseDir + ": no config.json (not a Hugging Face model folder)");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage());
        }
        int hidden = req(file, c, "hidden_size");
        int heads = req(file, c, "num_attention_heads");
        int kv = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull() ? req(file, c, "num_key_value_heads") : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? req(file, c, "head_dim") : hidden / heads;
        return new BaseModelDims(hidden, req(file, c, "intermediate_size"), req(file, c, "num_hidden_layers"), heads, kv, headDim);
    }

    private static int req(Path file, JsonNode c, String key) throws CheckpointException {
        JsonNode v = c.get(key);
        if (v == null || !v.isIntegralNumber() || v.intValue() < 1) {
            throw new CheckpointException(file + ": '" + key + "' missing or not a positive integer");
        }
        return v.intValue();
    }

    /** [out, in] of a decoder Linear by its module name, or null if it is not one. */
    public long[] linearShape(String module) {
        return switch (module) {
            case "q_proj" -> new long[] {(long) heads * headDim, hiddenSize};
            case "k_proj", "v_proj" -> new long[] {(long) kvHeads * headDim, hiddenSize};
            case "o_proj" -> new long[] {hiddenSize, (long) heads * headDim};
            case "gate_proj", "up_proj" -> new long[] {intermediateSize, hiddenSize};
            case "down_proj" -> new long[] {hiddenSize, intermediateSize};
            default -> null;
        };
    }
}
