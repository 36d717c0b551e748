package org.netllm.testbed.netllm.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.backbone.LinearModule;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LlamaConfig;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.io.Safetensors;

/** LoRA on a TinyLlama: zero-B identity, merged-weight equivalence, save/load, gradients, bad folders. */
class LoraAdapterTest {

    private static final LoadOptions CPU = new LoadOptions(Device.cpu(), DataType.FLOAT32);
    private static final int SEQ = 16;
    private static final int RANK = 4;

    @TempDir
    Path tmp;

    private Path tinyModel(String name) throws Exception {
        Path dir = tmp.resolve(name);
        TinyLlama.write(dir, TinyLlama.Spec.defaults());
        return dir;
    }

    private static NDArray inputs(NDManager m, long seed, int hidden) {
        Random r = new Random(seed);
        float[] v = new float[SEQ * hidden];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(1, SEQ, hidden));
    }

    private static double maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    /** Random non-zero A and B written as a PEFT folder (optionally with CausalLM-style keys). */
    private static Map<String, float[]> writeRandomAdapter(Path dir, LlamaConfig c, LoraConfig lc, boolean causalLm)
            throws Exception {
        lc.write(dir);
        Random r = new Random(99);
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        Map<String, float[]> values = new java.util.LinkedHashMap<>();
        String prefix = causalLm ? LoraAdapter.PEFT_CAUSAL_LM_PREFIX : LoraAdapter.PEFT_PREFIX;
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            for (LinearModule m : lc.modules()) {
                long in = m.inFeatures(c);
                long out = m.outFeatures(c);
                float[] a = new float[(int) (lc.rank() * in)];
                float[] b = new float[(int) (out * lc.rank())];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextGaussian() * 0.3);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (r.nextGaussian() * 0.3);
                }
                tensors.add(new Safetensors.Tensor(prefix + m.path(l) + ".lora_A.weight", Safetensors.DType.F32,
                        new long[] {lc.rank(), in}, a));
                tensors.add(new Safetensors.Tensor(prefix + m.path(l) + ".lora_B.weight", Safetensors.DType.F32,
                        new long[] {out, lc.rank()}, b));
                values.put(m.path(l) + ".A", a);
                values.put(m.path(l) + ".B", b);
            }
        }
        Safetensors.write(dir.resolve(LoraAdapter.WEIGHTS_FILE), tensors, Map.of());
        return values;
    }

    @Test
    void freshAdapterWithZeroBLeavesOutputUnchanged() throws Exception {
        try (LlamaBackbone bb = LlamaBackbone.load(tinyModel("m"), CPU);
                NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraBackbone lora = new LoraBackbone(bb, LoraAdapter.create(bb, LoraConfig.netllm(RANK), 1))) {
            NDArray x = inputs(m, 1, bb.hiddenSize());
            assertEquals(0.0, maxDiff(bb.forward(x), lora.forward(x)), 1e-7);
            // PEFT init: A ~ U(±1/sqrt(in)), non-zero; B exactly zero
            var pair = lora.adapter().pair(0, LinearModule.Q_PROJ);
            float bound = (float) (1 / Math.sqrt(bb.hiddenSize()));
            assertTrue(pair.a().abs().max().getFloat() <= bound && pair.a().abs().max().getFloat() > bound / 2);
            assertEquals(0f, pair.b().abs().max().getFloat());
            assertEquals(2 * 2 * bb.config().numHiddenLayers(), lora.trainableParameters().size());
        }
    }

    @Test
    void adapterForwardEqualsMergedWeights() throws Exception {
        for (boolean causalLm : new boolean[] {false, true}) {
            Path model = tinyModel("m" + causalLm);
            Path adapterDir = tmp.resolve("adapter" + causalLm);
            LoraConfig lc = new LoraConfig(RANK, 8, 0.05, List.of("q_proj", "v_proj", "down_proj"));
            LlamaConfig c = LlamaConfig.load(model);
            Map<String, float[]> ab = writeRandomAdapter(adapterDir, c, lc, causalLm);

            // merged checkpoint: W' = W + (alpha/r)·B·A for every adapted module
            Path merged = tmp.resolve("merged" + causalLm);
            Files.createDirectories(merged);
            Files.copy(model.resolve(LlamaConfig.CONFIG_FILE), merged.resolve(LlamaConfig.CONFIG_FILE));
            List<Safetensors.Tensor> out = new ArrayList<>();
            try (Safetensors st = Safetensors.open(model.resolve("model.safetensors"))) {
                for (var e : st.tensors().entrySet()) {
                    float[] w = e.getValue().toFloatArray();
                    String name = e.getKey();
                    String module = name.endsWith(".weight") ? name.substring(0, name.length() - 7) : name;
                    if (ab.containsKey(module + ".A")) {
                        float[] a = ab.get(module + ".A");
                        float[] b = ab.get(module + ".B");
                        int outF = (int) e.getValue().shape()[0];
                        int inF = (int) e.getValue().shape()[1];
                        for (int o = 0; o < outF; o++) {
                            for (int i = 0; i < inF; i++) {
                                double s = 0;
                                for (int k = 0; k < RANK; k++) {
                                    s += (double) b[o * RANK + k] * a[k * inF + i];
                                }
                                w[o * inF + i] += (float) (lc.scale() * s);
                            }
                        }
                    }
                    out.add(new Safetensors.Tensor(name, Safetensors.DType.F32, e.getValue().shape(), w));
                }
            }
            Safetensors.write(merged.resolve("model.safetensors"), out, Map.of());

            try (LlamaBackbone bb = LlamaBackbone.load(model, CPU); LlamaBackbone mergedBb = LlamaBackbone.load(merged, CPU);
                    NDManager m = NDManager.newBaseManager(Device.cpu());
                    LoraBackbone lora = new LoraBackbone(bb, LoraAdapter.load(bb, adapterDir))) {
                NDArray x = inputs(m, 2, bb.hiddenSize());
                NDArray viaAdapter = lora.forward(x);
                assertTrue(maxDiff(viaAdapter, mergedBb.forward(x)) < 1e-4, "adapter != merged weights");
                assertTrue(maxDiff(viaAdapter, bb.forward(x)) > 1e-2, "adapter had no effect");
                // the shared backbone is untouched by the adapter view
                assertTrue(maxDiff(bb.forward(x), mergedBb.forward(x)) > 1e-2);
            }
        }
    }

    @Test
    void saveLoadRoundTripKeepsMatricesAndOutputs() throws Exception {
        Path model = tinyModel("m");
        Path src = tmp.resolve("src");
        Path saved = tmp.resolve("saved");
        LoraConfig lc = new LoraConfig(RANK, 16, 0.1, List.of("q_proj", "v_proj"));
        writeRandomAdapter(src, LlamaConfig.load(model), lc, true);
        try (LlamaBackbone bb = LlamaBackbone.load(model, CPU); NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraAdapter first = LoraAdapter.load(bb, src)) {
            first.save(saved);
            try (LoraAdapter second = LoraAdapter.load(bb, saved)) {
                assertEquals(lc, second.config());
                for (int i = 0; i < first.parameters().size(); i++) {
                    assertArrayEquals(first.parameters().get(i).toFloatArray(), second.parameters().get(i).toFloatArray());
                }
                NDArray x = inputs(m, 3, bb.hiddenSize());
                assertEquals(0.0, maxDiff(new LoraBackbone(bb, first).forward(x), new LoraBackbone(bb, second).forward(x)));
            }
            try (Safetensors st = Safetensors.open(saved.resolve(LoraAdapter.WEIGHTS_FILE))) {
                assertTrue(st.has("base_model.model.layers.1.self_attn.v_proj.lora_B.weight"));
            }
            String json = Files.readString(saved.resolve(LoraConfig.CONFIG_FILE));
            assertTrue(json.contains("\"peft_type\" : \"LORA\"") && json.contains("\"lora_alpha\" : 16.0"), json);
        }
    }

    @Test
    void gradientsReachAAndBButNotTheBase() throws Exception {
        Path model = tinyModel("m");
        Path src = tmp.resolve("src");
        LoraConfig lc = new LoraConfig(RANK, 8, 0.0, List.of("q_proj", "v_proj"));
        writeRandomAdapter(src, LlamaConfig.load(model), lc, false);
        try (LlamaBackbone bb = LlamaBackbone.load(model, CPU); NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraBackbone lora = new LoraBackbone(bb, LoraAdapter.load(bb, src))) {
            lora.setTraining(true);
            NDArray x = inputs(m, 4, bb.hiddenSize());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(lora.forward(x).square().sum());
            }
            for (NDArray p : lora.trainableParameters()) {
                assertTrue(p.hasGradient());
                assertTrue(p.getGradient().abs().max().getFloat() > 0, "no gradient reached a LoRA matrix");
            }
            for (var e : bb.weights().entrySet()) {
                assertFalse(e.getValue().hasGradient(), e.getKey() + " requires grad");
            }
        }
    }

    @Test
    void freshAdapterGetsGradientOnB() throws Exception {
        try (LlamaBackbone bb = LlamaBackbone.load(tinyModel("m"), CPU); NDManager m = NDManager.newBaseManager(Device.cpu());
                LoraBackbone lora = new LoraBackbone(bb, LoraAdapter.create(bb, LoraConfig.netllm(RANK), 5))) {
            lora.setTraining(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(lora.forward(inputs(m, 5, bb.hiddenSize())).sum());
            }
            var pair = lora.adapter().pair(1, LinearModule.V_PROJ);
            assertTrue(pair.b().getGradient().abs().max().getFloat() > 0);
        }
    }

    @Test
    void badAdapterFoldersAreRejectedClearly() throws Exception {
        Path model = tinyModel("m");
        LlamaConfig c = LlamaConfig.load(model);
        try (LlamaBackbone bb = LlamaBackbone.load(model, CPU)) {
            Path pickle = tmp.resolve("pickle");
            LoraConfig.netllm(RANK).write(pickle);
            Files.write(pickle.resolve("adapter_model.bin"), new byte[] {1, 2, 3});
            var e1 = assertThrows(LoraFormatException.class, () -> LoraAdapter.load(bb, pickle));
            assertTrue(e1.getMessage().contains("adapter_model.bin: use `netllm import`"), e1.getMessage());

            Path wrongRank = tmp.resolve("rank");
            writeRandomAdapter(wrongRank, c, LoraConfig.netllm(RANK), false);
            LoraConfig.netllm(RANK + 1).write(wrongRank);
            var e2 = assertThrows(LoraFormatException.class, () -> LoraAdapter.load(bb, wrongRank));
            assertTrue(e2.getMessage().contains("lora_A.weight' has shape [4, 64], expected [5, 64]"), e2.getMessage());

            Path missing = tmp.resolve("missing");
            writeRandomAdapter(missing, c, new LoraConfig(RANK, 32, 0, List.of("q_proj")), false);
            LoraConfig.netllm(RANK).write(missing); // now also expects v_proj
            var e3 = assertThrows(LoraFormatException.class, () -> LoraAdapter.load(bb, missing));
            assertTrue(e3.getMessage().contains("missing tensor 'base_model.model.layers.0.self_attn.v_proj.lora_A.weight'"),
                    e3.getMessage());

            Path extra = tmp.resolve("extra");
            writeRandomAdapter(extra, c, LoraConfig.netllm(RANK), false);
            new LoraConfig(RANK, 32, 0, List.of("q_proj")).write(extra);
            var e4 = assertThrows(LoraFormatException.class, () -> LoraAdapter.load(bb, extra));
            assertTrue(e4.getMessage().contains("unexpected tensor"), e4.getMessage());

            Path dora = tmp.resolve("dora");
            Files.createDirectories(dora);
            Files.writeString(dora.resolve(LoraConfig.CONFIG_FILE),
                    "{\"peft_type\":\"LORA\",\"r\":4,\"lora_alpha\":8,\"target_modules\":[\"q_proj\"],\"use_dora\":true}");
            var e5 = assertThrows(LoraFormatException.class, () -> LoraAdapter.load(bb, dora));
            assertTrue(e5.getMessage().contains("use_dora"), e5.getMessage());
        }
    }
}
