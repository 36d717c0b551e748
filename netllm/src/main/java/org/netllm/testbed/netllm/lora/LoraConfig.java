package org.netllm.testbed.netllm.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.netllm.backbone.LinearModule;

/**
 * LoRA hyper-parameters with PEFT's meaning: effective weight W0 + (alpha / rank) · B · A
 * (docs/reference/llama.md "LoRA"). Serialised as PEFT's adapter_config.json so adapters move between
 * this project and Python tooling.
 *
 * @param targetModules PEFT module names, e.g. [q_proj, v_proj]
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targetModules) {

    public static final String CONFIG_FILE = "adapter_config.json";
    /** NetLLM's LoraConfig (docs/reference/abr.md §7.3): lora_alpha 32, dropout 0.05, q_proj and v_proj. */
    public static final double NETLLM_ALPHA = 32;
    public static final double NETLLM_DROPOUT = 0.05;
    public static final List<String> DEFAULT_TARGETS = List.of("q_proj", "v_proj");
    /** PEFT task type NetLLM uses (no LM head). */
    public static final String TASK_TYPE = "FEATURE_EXTRACTION";
    private static final String PEFT_TYPE = "LORA";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LoraConfig {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("lora_alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("target_modules must not be empty");
        }
        targetModules = List.copyOf(targetModules);
        for (String m : targetModules) {
            LinearModule.fromPeftName(m); // validates the name
        }
    }

    /** NetLLM's settings for a given rank (README/paper rank: 128). */
    public static LoraConfig netllm(int rank) {
        return new LoraConfig(rank, NETLLM_ALPHA, NETLLM_DROPOUT, DEFAULT_TARGETS);
    }

    /** alpha / r, the factor in front of B·A. */
    public double scale() {
        return alpha / rank;
    }

    public List<LinearModule> modules() {
        List<LinearModule> out = new ArrayList<>();
        for (String m : targetModules) {
            out.add(LinearModule.fromPeftName(m));
        }
        return out;
    }

    /** Writes dir/adapter_config.json with PEFT's field names. */
    public void write(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("peft_type", PEFT_TYPE);
        n.put("task_type", TASK_TYPE);
        n.put("r", rank);
        n.put("lora_alpha", alpha);
        n.put("lora_dropout", dropout);
        var t = n.putArray("target_modules");
        targetModules.forEach(t::add);
        n.put("bias", "none");
        n.put("fan_in_fan_out", false);
        n.put("use_rslora", false);
        n.put("inference_mode", false);
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(CONFIG_FILE).toFile(), n);
    }

    /** Reads dir/adapter_config.json, refusing PEFT options that change the maths we implement. */
    public static LoraConfig read(Path dir) throws IOException {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new LoraFormatException(dir + ": no " + CONFIG_FILE + " (not a PEFT adapter folder)");
        }
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new LoraFormatException(file + ": not valid JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new LoraFormatException(file + ": top level is not a JSON object");
        }
        String peftType = n.path("peft_type").asText("");
        if (!peftType.equals(PEFT_TYPE)) {
            throw new LoraFormatException(file + ": peft_type '" + peftType + "' is not LORA");
        }
        requireValue(file, n, "bias", "none");
        requireValue(file, n, "fan_in_fan_out", false);
        requireValue(file, n, "use_rslora", false);
        requireValue(file, n, "use_dora", false);
        if (n.hasNonNull("layers_to_transform")) {
            throw new LoraFormatException(file + ": layers_to_transform is not supported (adapters must cover all layers)");
        }
        if (!n.path("r").isIntegralNumber()) {
            throw new LoraFormatException(file + ": 'r' must be an integer, got " + n.get("r"));
        }
        if (!n.path("lora_alpha").isNumber()) {
            throw new LoraFormatException(file + ": 'lora_alpha' must be a number, got " + n.get("lora_alpha"));
        }
        JsonNode targets = n.get("target_modules");
        if (targets == null || !targets.isArray()) {
            throw new LoraFormatException(file + ": 'target_modules' must be a list of module names, got " + targets);
        }
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.asText()));
        try {
            return new LoraConfig(n.get("r").asInt(), n.get("lora_alpha").asDouble(),
                    n.path("lora_dropout").asDouble(0), names);
        } catch (IllegalArgumentException e) {
            throw new LoraFormatException(file + ": " + e.getMessage());
        }
    }

    private static void requireValue(Path file, JsonNode n, String key, Object expected) throws LoraFormatException {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return;
        }
        boolean ok = expected instanceof Boolean b ? v.isBoolean() && v.asBoolean() == b : v.asText().equals(expected);
        if (!ok) {
            throw new LoraFormatException(file + ": '" + key + "' = " + v + " is not supported (expected " + expected + ")");
        }
    }
}
