package org.netllm.testbed.abr.netllm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.TorchPickleWriter;
import org.netllm.testbed.netllm.io.TorchStorageType;

/**
 * Random NetLLM ABR modules in the original layout (docs/reference/abr.md §7.7), written as the original
 * files: {@code modules_except_plm.bin} (torch zip pickle), a PEFT adapter folder and a base-model
 * config.json.
 */
final class AbrDtFixture {

    final int hidden;
    final int feature;
    final int rows;
    final int layers = 2;
    final int heads = 2;
    final int rank = 4;
    /** Original key → (shape, values). */
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    final Map<String, float[]> values = new LinkedHashMap<>();
    final float[] backboneWeight;

    AbrDtFixture(int hidden, int feature, int rows, long seed) {
        this.hidden = hidden;
        this.feature = feature;
        this.rows = rows;
        Random rnd = new Random(seed);
        long e = hidden;
        long f = feature;
        for (String fc : new String[] {"fc1", "fc2", "fc6"}) {
            put("0." + fc + ".0.weight", rnd, f, 1);
            put("0." + fc + ".0.bias", rnd, f);
        }
        put("0.conv3.0.weight", rnd, f, 1, 4);
        put("0.conv3.0.bias", rnd, f);
        put("0.conv4.0.weight", rnd, f, 1, 4);
        put("0.conv4.0.bias", rnd, f);
        put("0.conv5.0.weight", rnd, f, 1, 6);
        put("0.conv5.0.bias", rnd, f);
        put("1.weight", rnd, rows, e);
        put("2.weight", rnd, e, 1);
        put("2.bias", rnd, e);
        put("3.weight", rnd, e, 1);
        put("3.bias", rnd, e);
        put("4.weight", rnd, e);
        put("4.bias", rnd, e);
        for (int i = 0; i < 6; i++) {
            put((5 + i) + ".weight", rnd, e, (i == 2 || i == 3) ? 3 * f : f);
            put((5 + i) + ".bias", rnd, e);
        }
        put("11.weight", rnd, 6, e);
        put("11.bias", rnd, 6);
        backboneWeight = gaussian(rnd, hidden * hidden, 1.0 / Math.sqrt(hidden));
    }

    private void put(String key, Random rnd, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        shapes.put(key, shape);
        values.put(key, gaussian(rnd, (int) n, 0.5));
    }

    private static float[] gaussian(Random rnd, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * std);
        }
        return v;
    }

    /** Writes the original modules file; {@code 1.weight} goes in as fp32 via a transposed view to exercise strides. */
    Path writeModules(Path dir, Map<String, long[]> shapeOverrides, List<String> skip) throws IOException {
        TorchPickleWriter w = new TorchPickleWriter();
        for (var en : values.entrySet()) {
            String k = en.getKey();
            if (skip.contains(k)) {
                continue;
            }
            long[] shape = shapeOverrides.getOrDefault(k, shapes.get(k));
            float[] v = en.getValue();
            if (shapeOverrides.containsKey(k)) {
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                v = java.util.Arrays.copyOf(v, (int) n);
            }
            if (k.equals("1.weight") && !shapeOverrides.containsKey(k)) {
                // store the (rows, E) table transposed in memory: storage holds (E, rows) row-major
                float[] t = new float[v.length];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < hidden; c++) {
                        t[c * rows + r] = v[r * hidden + c];
                    }
                }
                var s = new TorchPickleWriter.Storage("ts", TorchStorageType.FLOAT, t);
                w.addView(new TorchPickleWriter.View(k, s, 0, shape, new long[] {1, rows}));
            } else {
                w.add(k, shape, v);
            }
        }
        Path file = dir.resolve("modules_except_plm.bin");
        w.write(file);
        return file;
    }

    Path writeBase(Path dir) throws IOException {
        Path base = dir.resolve("base");
        Files.createDirectories(base);
        Files.writeString(base.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": " + hidden
                + ", \"intermediate_size\": " + (2 * hidden) + ", \"num_hidden_layers\": " + layers
                + ", \"num_attention_heads\": " + heads + ", \"num_key_value_heads\": " + heads
                + ", \"rms_norm_eps\": 1e-6, \"hidden_act\": \"silu\"}");
        return base;
    }

    /** PEFT adapter (q_proj, v_proj) with CausalLM-style keys; {@code badRankShape} writes lora_A with the wrong rank. */
    Path writeAdapter(Path dir, boolean badRankShape) throws IOException {
        return writeAdapter(dir, badRankShape, hidden, hidden);
    }

    /** As above for a base whose q_proj / v_proj outputs are {@code qOut} / {@code vOut} wide (GQA). */
    Path writeAdapter(Path dir, boolean badRankShape, int qOut, int vOut) throws IOException {
        Path a = dir.resolve("adapter-src");
        Files.createDirectories(a);
        Files.writeString(a.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": " + rank
                + ", \"lora_alpha\": 32, \"lora_dropout\": 0.05, \"target_modules\": [\"q_proj\", \"v_proj\"],"
                + " \"task_type\": \"FEATURE_EXTRACTION\"}");
        Random rnd = new Random(7);
        List<Safetensors.F32Tensor> t = new java.util.ArrayList<>();
        for (int l = 0; l < layers; l++) {
            for (String m : new String[] {"q_proj", "v_proj"}) {
                String p = "base_model.model.layers." + l + ".self_attn." + m;
                int r = badRankShape && l == 1 ? rank + 1 : rank;
                t.add(new Safetensors.F32Tensor(p + ".lora_A.weight", new long[] {r, hidden}, gaussian(rnd, r * hidden, 0.1)));
                int out = m.equals("q_proj") ? qOut : vOut;
                t.add(new Safetensors.F32Tensor(p + ".lora_B.weight", new long[] {out, rank}, gaussian(rnd, out * rank, 0.1)));
            }
        }
        Safetensors.writeF32(a.resolve("adapter_model.safetensors"), t, Map.of());
        return a;
    }
}
