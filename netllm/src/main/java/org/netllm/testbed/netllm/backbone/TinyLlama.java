package org.netllm.testbed.netllm.backbone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.netllm.testbed.netllm.io.Safetensors;

/**
 * Writes a small randomly initialised Llama-family folder in the Hugging Face layout (config.json +
 * model.safetensors, or shards + model.safetensors.index.json) for tests, benches and demos. The
 * tensor list is derived from the written config.json through {@link LlamaConfig}, so the files are
 * exactly what the loader expects from a real checkpoint with the same config.
 */
public final class TinyLlama {

    /** Weights ~U(±1/sqrt(in)) keep activations O(1) through the tiny stack, so layers really matter. */
    private static final double NORM_WEIGHT_JITTER = 0.1;
    private static final double BIAS_SCALE = 0.1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to write. {@code extraConfig} entries are merged into config.json last (e.g. rope_scaling,
     * rope_parameters, attention_bias), {@code modelPrefix} stores names as LlamaForCausalLM does
     * (with "model." and an lm_head).
     */
    public record Spec(String modelType, int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab,
            int shards, long seed, boolean modelPrefix, Safetensors.DType dtype, Map<String, Object> extraConfig) {

        public Spec {
            if (hidden < 1 || layers < 1 || heads < 1 || kvHeads < 1 || intermediate < 1 || vocab < 1 || shards < 1) {
                throw new IllegalArgumentException("tiny model sizes must be positive: " + this);
            }
            if (heads % kvHeads != 0) {
                throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kv-heads ("
                        + kvHeads + ")");
            }
            extraConfig = Map.copyOf(extraConfig);
        }

        public static Spec defaults() {
            return new Spec("llama", 64, 2, 4, 2, 128, 32, 1, 1, false, Safetensors.DType.F32, Map.of());
        }

        public Spec withSizes(int hidden, int layers, int heads, int kvHeads, int intermediate) {
            return new Spec(modelType, hidden, layers, heads, kvHeads, intermediate, vocab, shards, seed, modelPrefix,
                    dtype, extraConfig);
        }

        public Spec withShards(int n) {
            return new Spec(modelType, hidden, layers, heads, kvHeads, intermediate, vocab, n, seed, modelPrefix,
                    dtype, extraConfig);
        }

        public Spec withSeed(long s) {
            return new Spec(modelType, hidden, layers, heads, kvHeads, intermediate, vocab, shards, s, modelPrefix,
                    dtype, extraConfig);
        }

        public Spec withModelPrefix(boolean on) {
            return new Spec(modelType, hidden, layers, heads, kvHeads, intermediate, vocab, shards, seed, on,
                    dtype, extraConfig);
        }

        public Spec withDtype(Safetensors.DType t) {
            return new Spec(modelType, hidden, layers, heads, kvHeads, intermediate, vocab, shards, seed, modelPrefix,
                    t, extraConfig);
        }

        public Spec withModelType(String t) {
            return new Spec(t, hidden, layers, heads, kvHeads, intermediate, vocab, shards, seed, modelPrefix,
                    dtype, extraConfig);
        }

        public Spec withExtraConfig(Map<String, Object> extra) {
            return new Spec(modelType, hidden, layers, heads, kvHeads, intermediate, vocab, shards, seed, modelPrefix,
                    dtype, extra);
        }
    }

    private TinyLlama() {
    }

    /** Writes the folder (created if needed) and returns the parsed config. */
    public static LlamaConfig write(Path dir, Spec spec) throws IOException {
        Files.createDirectories(dir);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.putArray("architectures").add(spec.modelPrefix() ? "LlamaForCausalLM" : "LlamaModel");
        cfg.put("model_type", spec.modelType());
        cfg.put("hidden_size", spec.hidden());
        cfg.put("intermediate_size", spec.intermediate());
        cfg.put("num_hidden_layers", spec.layers());
        cfg.put("num_attention_heads", spec.heads());
        cfg.put("num_key_value_heads", spec.kvHeads());
        cfg.put("rms_norm_eps", 1e-5);
        cfg.put("rope_theta", LlamaConfig.DEFAULT_ROPE_THETA);
        cfg.put("max_position_embeddings", 2048);
        cfg.put("hidden_act", LlamaConfig.SUPPORTED_ACTIVATION);
        cfg.put("vocab_size", spec.vocab());
        cfg.put("torch_dtype", switch (spec.dtype()) {
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            default -> "float32";
        });
        cfg.put("tie_word_embeddings", false);
        spec.extraConfig().forEach((k, v) -> cfg.set(k, JSON.valueToTree(v)));
        Path configFile = dir.resolve(LlamaConfig.CONFIG_FILE);
        JSON.writeValue(configFile.toFile(), cfg);
        LlamaConfig config = LlamaConfig.parse(cfg, configFile.toString());

        List<Safetensors.Tensor> tensors = tensors(config, spec);
        writeShards(dir, tensors, spec.shards());
        return config;
    }

    private static List<Safetensors.Tensor> tensors(LlamaConfig c, Spec spec) {
        Random rnd = new Random(spec.seed());
        String prefix = spec.modelPrefix() ? HfCheckpoint.CAUSAL_LM_PREFIX : "";
        List<Safetensors.Tensor> out = new ArrayList<>();
        out.add(tensor(prefix + "embed_tokens.weight", spec, rnd, 1.0, spec.vocab(), c.hiddenSize()));
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            out.add(normWeight(prefix + "layers." + i + ".input_layernorm.weight", spec, rnd, c.hiddenSize()));
            for (LinearModule m : LinearModule.values()) {
                String path = prefix + m.path(i);
                long in = m.inFeatures(c);
                long o = m.outFeatures(c);
                out.add(tensor(path + ".weight", spec, rnd, 1.0 / Math.sqrt(in), o, in));
                if (m.hasBias(c)) {
                    out.add(tensor(path + ".bias", spec, rnd, BIAS_SCALE, o));
                }
            }
            out.add(normWeight(prefix + "layers." + i + ".post_attention_layernorm.weight", spec, rnd, c.hiddenSize()));
        }
        out.add(normWeight(prefix + "norm.weight", spec, rnd, c.hiddenSize()));
        if (spec.modelPrefix()) {
            out.add(tensor("lm_head.weight", spec, rnd, 1.0 / Math.sqrt(c.hiddenSize()), spec.vocab(), c.hiddenSize()));
        }
        return out;
    }

    /** Uniform in ±bound. */
    private static Safetensors.Tensor tensor(String name, Spec spec, Random rnd, double bound, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return new Safetensors.Tensor(name, spec.dtype(), shape, v);
    }

    /** 1 + small jitter, so a loader that ignored the norm weight would be caught. */
    private static Safetensors.Tensor normWeight(String name, Spec spec, Random rnd, long size) {
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1 + NORM_WEIGHT_JITTER * rnd.nextGaussian());
        }
        return new Safetensors.Tensor(name, spec.dtype(), new long[] {size}, v);
    }

    /** One file, or n shards named as transformers names them plus an index with weight_map. */
    private static void writeShards(Path dir, List<Safetensors.Tensor> tensors, int shards) throws IOException {
        if (shards == 1) {
            Safetensors.write(dir.resolve(HfCheckpoint.SINGLE_FILE), tensors, Map.of("format", "pt"));
            return;
        }
        if (shards > tensors.size()) {
            throw new IllegalArgumentException(shards + " shards requested but the model has only "
                    + tensors.size() + " tensors");
        }
        ObjectNode index = JSON.createObjectNode();
        long totalBytes = 0;
        for (Safetensors.Tensor t : tensors) {
            totalBytes += (long) t.values().length * t.dtype().bytes;
        }
        index.putObject("metadata").put("total_size", totalBytes);
        ObjectNode weightMap = index.putObject("weight_map");
        // contiguous runs of tensors, as transformers' size-based sharding produces
        int per = (tensors.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            int from = s * per;
            int to = Math.min(tensors.size(), from + per);
            if (from >= to) {
                throw new IllegalArgumentException(shards + " shards are too many for " + tensors.size() + " tensors");
            }
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
            List<Safetensors.Tensor> part = tensors.subList(from, to);
            Safetensors.write(dir.resolve(file), part, Map.of("format", "pt"));
            for (Safetensors.Tensor t : part) {
                weightMap.put(t.name(), file);
            }
        }
        JSON.writeValue(dir.resolve(HfCheckpoint.INDEX_FILE).toFile(), index);
    }

    /** Convenience: parsed LinkedHashMap for extraConfig values built in code. */
    public static Map<String, Object> object(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("object(...) needs key/value pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
