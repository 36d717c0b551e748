package org.netllm.testbed.netllm.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.netllm.testbed.netllm.backbone.LinearAdapter;
import org.netllm.testbed.netllm.backbone.LinearModule;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LlamaConfig;
import org.netllm.testbed.netllm.io.Safetensors;

/**
 * LoRA matrices for one task: for each target Linear, y = x·Wᵀ + (alpha/r)·dropout(x)·Aᵀ·Bᵀ with A
 * (r, in) and B (out, r), both trainable; the base W stays frozen in the shared backbone
 * (docs/reference/abr.md §7.3). Stored in PEFT's adapter_model.safetensors + adapter_config.json layout.
 */
public final class LoraAdapter implements LinearAdapter, AutoCloseable {

    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String PICKLE_WEIGHTS_FILE = "adapter_model.bin";
    /** PEFT key prefix when the adapter wraps a bare LlamaModel ... */
    static final String PEFT_PREFIX = "base_model.model.";
    /** ... and when it wraps LlamaForCausalLM (module paths start with "model."). */
    static final String PEFT_CAUSAL_LM_PREFIX = "base_model.model.model.";

    /** One adapted Linear: A (r, in), B (out, r). */
    public record Pair(NDArray a, NDArray b) {
    }

    private record Key(int layer, LinearModule module) {
    }

    private final LoraConfig config;
    private final NDManager manager;
    private final Map<Key, Pair> pairs;
    private final float scale;

    private LoraAdapter(LoraConfig config, NDManager manager, Map<Key, Pair> pairs) {
        this.config = config;
        this.manager = manager;
        this.pairs = pairs;
        this.scale = (float) config.scale();
        for (Pair p : pairs.values()) {
            p.a().setRequiresGradient(true);
            p.b().setRequiresGradient(true);
        }
    }

    /**
     * Fresh adapter with PEFT's init: A ~ kaiming_uniform(a = sqrt(5)) = U(±1/sqrt(in)), B = 0, so the
     * adapted model starts identical to the base. Seeded for reproducibility.
     */
    public static LoraAdapter create(LlamaBackbone backbone, LoraConfig config, long seed) {
        LlamaConfig c = backbone.config();
        Random rnd = new Random(seed);
        NDManager m = backbone.manager().newSubManager();
        Map<Key, Pair> pairs = new LinkedHashMap<>();
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            for (LinearModule mod : config.modules()) {
                int in = Math.toIntExact(mod.inFeatures(c));
                int out = Math.toIntExact(mod.outFeatures(c));
                // kaiming_uniform_(a=sqrt(5)): gain sqrt(2/(1+5)), bound = gain·sqrt(3/fan_in) = 1/sqrt(fan_in)
                double bound = 1.0 / Math.sqrt(in);
                float[] a = new float[config.rank() * in];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                }
                NDArray aNd = m.create(a, new Shape(config.rank(), in));
                NDArray bNd = m.zeros(new Shape(out, config.rank()), DataType.FLOAT32);
                pairs.put(new Key(layer, mod), new Pair(aNd, bNd));
            }
        }
        return new LoraAdapter(config, m, pairs);
    }

    /** Loads a PEFT folder (adapter_config.json + adapter_model.safetensors) for {@code backbone}. */
    public static LoraAdapter load(LlamaBackbone backbone, Path dir) throws IOException {
        LoraConfig config = LoraConfig.read(dir);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(weights)) {
            if (Files.isRegularFile(dir.resolve(PICKLE_WEIGHTS_FILE))) {
                throw new LoraFormatException(dir.resolve(PICKLE_WEIGHTS_FILE)
                        + ": adapter_model.bin: use `netllm import` to convert PyTorch pickle adapters to safetensors");
            }
            throw new LoraFormatException(dir + ": no " + WEIGHTS_FILE);
        }
        LlamaConfig c = backbone.config();
        NDManager m = backbone.manager().newSubManager();
        try (Safetensors st = Safetensors.open(weights)) {
            Set<String> used = new HashSet<>();
            Map<Key, Pair> pairs = new LinkedHashMap<>();
            for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
                for (LinearModule mod : config.modules()) {
                    String a = findKey(st, mod.path(layer) + ".lora_A.weight");
                    String b = findKey(st, mod.path(layer) + ".lora_B.weight");
                    used.add(a);
                    used.add(b);
                    NDArray aNd = tensor(st, a, m, config.rank(), mod.inFeatures(c));
                    NDArray bNd = tensor(st, b, m, mod.outFeatures(c), config.rank());
                    pairs.put(new Key(layer, mod), new Pair(aNd, bNd));
                }
            }
            for (String name : st.tensors().keySet()) {
                if (!used.contains(name)) {
                    throw new LoraFormatException(weights + ": unexpected tensor '" + name
                            + "' (not a lora_A/lora_B of target_modules " + config.targetModules() + " in layers 0.."
                            + (c.numHiddenLayers() - 1) + ")");
                }
            }
            return new LoraAdapter(config, m, pairs);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static String findKey(Safetensors st, String modulePath) throws LoraFormatException {
        for (String prefix : List.of(PEFT_PREFIX, PEFT_CAUSAL_LM_PREFIX)) {
            if (st.has(prefix + modulePath)) {
                return prefix + modulePath;
            }
        }
        throw new LoraFormatException(st.path() + ": missing tensor '" + PEFT_PREFIX + modulePath + "' (also tried '"
                + PEFT_CAUSAL_LM_PREFIX + modulePath + "')");
    }

    private static NDArray tensor(Safetensors st, String name, NDManager m, long... shape) throws IOException {
        Safetensors.TensorEntry t = st.get(name);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new LoraFormatException(st.path() + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + Arrays.toString(shape));
        }
        // adapters are small: a heap float copy is fine; always trained/kept in float32
        return m.create(t.toFloatArray(), new Shape(shape));
    }

    /** Writes adapter_config.json and adapter_model.safetensors with PEFT key names. */
    public void save(Path dir) throws IOException {
        config.write(dir);
        List<Safetensors.Tensor> out = new ArrayList<>();
        for (var e : pairs.entrySet()) {
            String path = PEFT_PREFIX + e.getKey().module().path(e.getKey().layer());
            out.add(f32(path + ".lora_A.weight", e.getValue().a()));
            out.add(f32(path + ".lora_B.weight", e.getValue().b()));
        }
        Safetensors.write(dir.resolve(WEIGHTS_FILE), out, Map.of("format", "pt"));
    }

    private static Safetensors.Tensor f32(String name, NDArray a) {
        return new Safetensors.Tensor(name, Safetensors.DType.F32, a.getShape().getShape(),
                a.toType(DataType.FLOAT32, false).toFloatArray());
    }

    public LoraConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** A and B of one adapted module, or null. */
    public Pair pair(int layer, LinearModule module) {
        return pairs.get(new Key(layer, module));
    }

    /** All A and B matrices (layer-major, A before B): what training updates. */
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        for (Pair p : pairs.values()) {
            out.add(p.a());
            out.add(p.b());
        }
        return out;
    }

    /** (alpha/r)·dropout(x)·Aᵀ·Bᵀ; x (..., in) → (..., out). Dropout only when training, as PEFT. */
    @Override
    public NDArray delta(int layer, LinearModule module, NDArray x, boolean training) {
        Pair p = pairs.get(new Key(layer, module));
        if (p == null) {
            return null;
        }
        NDArray in = x.toType(p.a().getDataType(), false);
        if (training && config.dropout() > 0) {
            in = Dropout.dropout(in, (float) config.dropout(), true).singletonOrThrow();
        }
        NDArray low = Linear.linear(in, p.a()).singletonOrThrow(); // (..., r)
        NDArray up = Linear.linear(low, p.b()).singletonOrThrow(); // (..., out)
        return up.mul(scale).toType(x.getDataType(), false);
    }

    @Override
    public void close() {
        manager.close();
    }
}
