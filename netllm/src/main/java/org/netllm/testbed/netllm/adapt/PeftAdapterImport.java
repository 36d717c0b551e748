package org.netllm.testbed.netllm.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netllm.testbed.netllm.io.TorchCheckpoint;

/**
 * Converts a PEFT LoRA folder (adapter_config.json + adapter_model.safetensors, or PEFT &lt; 0.7's
 * adapter_model.bin pickle) into our adapter folder (same config, F32 safetensors, keys spelled
 * {@code base_model.model.layers.<i>...}),
 * validating every key and shape against the base model: lora_A [r, in], lora_B [out, r]
 * (docs/reference/llama.md, docs/reference/abr.md §7.7), every target module of every layer present.
 */
public final class PeftAdapterImport {

    public static final String CONFIG = "adapter_config.json";
    public static final String SAFETENSORS = "adapter_model.safetensors";
    public static final String PICKLE = "adapter_model.bin";
    /** Key prefix of the adapter we write (PEFT on a bare LlamaModel). */
    public static final String PEFT_PREFIX = "base_model.model.";

    /** base_model.model.[model.]layers.<i>.<block>.<module>.lora_<A|B>[.default].weight */
    private static final Pattern KEY = Pattern.compile(
            "base_model\\.model\\.(?:model\\.)?layers\\.(\\d+)\\.(self_attn|mlp)\\.(\\w+)\\.lora_([AB])(?:\\.default)?\\.weight");

    private PeftAdapterImport() {
    }

    /** Reads, validates and writes {@code outDir/adapter_config.json} + {@code outDir/adapter_model.safetensors}. */
    public static void convert(Path adapterDir, BaseModelDims base, Path outDir) throws IOException {
        Path cfgFile = adapterDir.resolve(CONFIG);
        if (!Files.isRegularFile(cfgFile)) {
            throw new CheckpointException(adapterDir + ": no " + CONFIG + " (not a PEFT adapter folder)");
        }
        JsonNode cfg;
        try {
            cfg = new ObjectMapper().readTree(cfgFile.toFile());
        } catch (IOException e) {
            throw new CheckpointException(cfgFile + ": not valid JSON: " + e.getMessage());
        }
        if (cfg.has("peft_type") && !"LORA".equals(cfg.get("peft_type").asText())) {
            throw new CheckpointException(cfgFile + ": peft_type '" + cfg.get("peft_type").asText() + "' is not LORA");
        }
        JsonNode rNode = cfg.get("r");
        if (rNode == null || !rNode.isIntegralNumber() || rNode.intValue() < 1) {
            throw new CheckpointException(cfgFile + ": 'r' missing or not a positive integer");
        }
        if (cfg.get("lora_alpha") == null || !cfg.get("lora_alpha").isNumber()) {
            throw new CheckpointException(cfgFile + ": 'lora_alpha' missing or not a number");
        }
        int r = rNode.intValue();
        Set<String> targets = targetModules(cfgFile, cfg, base);

        NamedWeights w = readWeights(adapterDir);
        Map<String, NamedWeights.Entry> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String key : w.names()) {
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw new CheckpointException(w.source() + ": unexpected adapter key '" + key
                        + "' (expected base_model.model.layers.<i>.self_attn|mlp.<module>.lora_A|lora_B.weight)");
            }
            int layer = Integer.parseInt(m.group(1));
            String module = m.group(3);
            if (layer >= base.layers()) {
                throw new CheckpointException(w.source() + ": '" + key + "' names layer " + layer + " but the base model has "
                        + base.layers() + " layers");
            }
            if (!targets.contains(module)) {
                throw new CheckpointException(w.source() + ": '" + key + "' adapts '" + module + "', not in target_modules "
                        + targets);
            }
            long[] outIn = base.linearShape(module);
            long[] expected = m.group(4).equals("A") ? new long[] {r, outIn[1]} : new long[] {outIn[0], r};
            // one spelling for every source (CausalLM "model." prefix and PEFT's ".default" dropped)
            String normalised = PEFT_PREFIX + "layers." + layer + "." + m.group(2) + "." + module + ".lora_" + m.group(4) + ".weight";
            if (out.put(normalised, new NamedWeights.Entry(expected, w.require(key, expected))) != null) {
                throw new CheckpointException(w.source() + ": '" + key + "' duplicates another spelling of " + normalised);
            }
            seen.add(layer + "." + module + "." + m.group(4));
        }
        Set<String> missing = new TreeSet<>();
        for (int i = 0; i < base.layers(); i++) {
            for (String t : targets) {
                for (String ab : new String[] {"A", "B"}) {
                    if (!seen.contains(i + "." + t + "." + ab)) {
                        missing.add("layers." + i + "." + t + ".lora_" + ab);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(w.source() + ": adapter lacks " + missing.size() + " matrices, e.g. "
                    + missing.iterator().next());
        }
        Files.createDirectories(outDir);
        Files.copy(cfgFile, outDir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING);
        new NamedWeights(w.source(), out).writeSafetensors(outDir.resolve(SAFETENSORS),
                Map.of("source", w.source(), "format", "pt"));
    }

    private static Set<String> targetModules(Path cfgFile, JsonNode cfg, BaseModelDims base) throws CheckpointException {
        JsonNode t = cfg.get("target_modules");
        Set<String> out = new TreeSet<>();
        if (t != null && t.isArray()) {
            t.forEach(x -> out.add(x.asText()));
        } else if (t != null && t.isTextual()) {
            out.add(t.asText());
        } else {
            throw new CheckpointException(cfgFile + ": 'target_modules' missing (expected a list such as [\"q_proj\", \"v_proj\"])");
        }
        for (String m : out) {
            if (base.linearShape(m) == null) {
                throw new CheckpointException(cfgFile + ": target module '" + m + "' is not a decoder Linear; supported: "
                        + Arrays.asList("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"));
            }
        }
        return out;
    }

    private static NamedWeights readWeights(Path adapterDir) throws IOException {
        Path st = adapterDir.resolve(SAFETENSORS);
        if (Files.isRegularFile(st)) {
            return NamedWeights.fromSafetensors(st);
        }
        Path bin = adapterDir.resolve(PICKLE);
        if (Files.isRegularFile(bin)) {
            return NamedWeights.fromTorch(bin, TorchCheckpoint.read(bin));
        }
        throw new CheckpointException(adapterDir + ": neither " + SAFETENSORS + " nor " + PICKLE + " found");
    }
}
