package org.netllm.testbed.netllm.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.TorchPickleWriter;
import org.netllm.testbed.netllm.io.TorchStorageType;

/** PEFT 0.6 adapter_model.bin (torch pickle) → our adapter folder, with shape validation (GQA base). */
class PeftAdapterImportTest {

    @TempDir
    Path dir;

    // hidden 8, 4 heads of 2, 2 kv heads → q_proj [8, 8], v_proj [4, 8]
    private static final BaseModelDims BASE = new BaseModelDims(8, 16, 2, 4, 2, 2);
    private static final int R = 3;

    private Path adapter(String config, TorchPickleWriter w) throws IOException {
        Path a = dir.resolve("peft");
        Files.createDirectories(a);
        Files.writeString(a.resolve("adapter_config.json"), config);
        w.write(a.resolve("adapter_model.bin"));
        return a;
    }

    private static final String CONFIG = "{\"peft_type\": \"LORA\", \"r\": 3, \"lora_alpha\": 32, \"target_modules\": [\"q_proj\", \"v_proj\"]}";

    private static float[] seq(int n, float start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i / 8f;
        }
        return v;
    }

    private static TorchPickleWriter full(int skipLayer) {
        TorchPickleWriter w = new TorchPickleWriter();
        for (int l = 0; l < 2; l++) {
            if (l == skipLayer) {
                continue;
            }
            String p = "base_model.model.model.layers." + l + ".self_attn.";
            w.add(p + "q_proj.lora_A.weight", TorchStorageType.HALF, new long[] {R, 8}, seq(R * 8, l));
            w.add(p + "q_proj.lora_B.weight", TorchStorageType.HALF, new long[] {8, R}, seq(8 * R, -l));
            w.add(p + "v_proj.lora_A.weight", new long[] {R, 8}, seq(R * 8, 2 * l));
            w.add(p + "v_proj.lora_B.weight", new long[] {4, R}, seq(4 * R, 3 * l));
        }
        return w;
    }

    @Test
    void pickledAdapterConvertsToSafetensors() throws IOException {
        Path out = dir.resolve("out");
        PeftAdapterImport.convert(adapter(CONFIG, full(-1)), BASE, out);
        try (Safetensors st = Safetensors.open(out.resolve("adapter_model.safetensors"))) {
            assertEquals(8, st.tensors().size());
            assertArrayEquals(seq(R * 8, 1), st.floats("base_model.model.layers.1.self_attn.q_proj.lora_A.weight", R, 8));
            assertArrayEquals(seq(4 * R, 3), st.floats("base_model.model.layers.1.self_attn.v_proj.lora_B.weight", 4, R));
        }
        assertEquals(CONFIG, Files.readString(out.resolve("adapter_config.json")));
    }

    @Test
    void gqaShapeMismatchNamesTensor() throws IOException {
        TorchPickleWriter w = new TorchPickleWriter();
        // v_proj out is kv_heads·head_dim = 4, not hidden 8
        w.add("base_model.model.layers.0.self_attn.v_proj.lora_B.weight", new long[] {8, R}, new float[8 * R]);
        var e = assertThrows(CheckpointException.class, () -> PeftAdapterImport.convert(adapter(CONFIG, w), BASE, dir.resolve("o")));
        assertTrue(e.getMessage().contains("v_proj.lora_B.weight") && e.getMessage().contains("[4, 3]"), e.getMessage());
    }

    @Test
    void missingLayerIsReported() throws IOException {
        var e = assertThrows(CheckpointException.class,
                () -> PeftAdapterImport.convert(adapter(CONFIG, full(1)), BASE, dir.resolve("o")));
        assertTrue(e.getMessage().contains("lacks 4 matrices") && e.getMessage().contains("layers.1."), e.getMessage());
    }

    @Test
    void moduleOutsideTargetsAndLayerOutOfRangeAreErrors() throws IOException {
        TorchPickleWriter w = new TorchPickleWriter().add("base_model.model.layers.0.self_attn.k_proj.lora_A.weight",
                new long[] {R, 8}, new float[R * 8]);
        var e = assertThrows(CheckpointException.class, () -> PeftAdapterImport.convert(adapter(CONFIG, w), BASE, dir.resolve("o")));
        assertTrue(e.getMessage().contains("k_proj") && e.getMessage().contains("target_modules"), e.getMessage());
        Files.delete(dir.resolve("peft/adapter_model.bin"));
        TorchPickleWriter w2 = new TorchPickleWriter().add("base_model.model.layers.5.self_attn.q_proj.lora_A.weight",
                new long[] {R, 8}, new float[R * 8]);
        var e2 = assertThrows(CheckpointException.class, () -> PeftAdapterImport.convert(adapter(CONFIG, w2), BASE, dir.resolve("o")));
        assertTrue(e2.getMessage().contains("layer 5") && e2.getMessage().contains("2 layers"), e2.getMessage());
    }

    @Test
    void configWithoutRankIsRejected() throws IOException {
        var e = assertThrows(CheckpointException.class, () -> PeftAdapterImport.convert(
                adapter("{\"lora_alpha\": 32, \"target_modules\": [\"q_proj\"]}", full(-1)), BASE, dir.resolve("o")));
        assertTrue(e.getMessage().contains("adapter_config.json") && e.getMessage().contains("'r'"), e.getMessage());
    }
}
