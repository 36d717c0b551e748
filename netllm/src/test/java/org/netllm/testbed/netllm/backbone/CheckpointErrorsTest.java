package org.netllm.testbed.netllm.backbone;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.io.EmbeddingsJson;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.io.SafetensorsFormatException;

/** Broken folders, configs and inputs end in errors naming the file, key and problem. */
class CheckpointErrorsTest {

    private static final LoadOptions CPU = new LoadOptions(Device.cpu(), DataType.FLOAT32);

    @TempDir
    Path tmp;

    private IOException loadFails(Path dir) {
        return assertThrows(IOException.class, () -> LlamaBackbone.load(dir, CPU).close());
    }

    private static void assertMentions(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void missingTensorNamesKeyAndFiles() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults());
        Path file = dir.resolve(HfCheckpoint.SINGLE_FILE);
        List<Safetensors.Tensor> kept = new ArrayList<>();
        try (Safetensors st = Safetensors.open(file)) {
            for (var e : st.tensors().values()) {
                if (!e.name().equals("layers.1.mlp.up_proj.weight")) {
                    kept.add(new Safetensors.Tensor(e.name(), e.dtype(), e.shape(), e.toFloatArray()));
                }
            }
        }
        Safetensors.write(file, kept, Map.of());
        assertMentions(loadFails(dir), "missing tensor 'layers.1.mlp.up_proj.weight'", "model.layers.1.mlp.up_proj.weight",
                "model.safetensors");
    }

    @Test
    void wrongShapeNamesExpectedAndActual() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults().withModelPrefix(true));
        Path cfg = dir.resolve(LlamaConfig.CONFIG_FILE);
        Files.writeString(cfg, Files.readString(cfg).replace("\"intermediate_size\" : 128", "\"intermediate_size\" : 96"));
        assertMentions(loadFails(dir), "model.safetensors", "'model.layers.0.mlp.gate_proj.weight'",
                "shape [128, 64]", "expected [96, 64]");
    }

    @Test
    void shardIndexPointingAtMissingFile() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults().withShards(2));
        Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
        assertMentions(loadFails(dir), HfCheckpoint.INDEX_FILE, "model-00002-of-00002.safetensors", "does not exist");
    }

    @Test
    void extraLayerBeyondConfigIsRejected() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults().withSizes(64, 3, 4, 2, 128));
        Path cfg = dir.resolve(LlamaConfig.CONFIG_FILE);
        Files.writeString(cfg, Files.readString(cfg).replace("\"num_hidden_layers\" : 3", "\"num_hidden_layers\" : 2"));
        assertMentions(loadFails(dir), "layers.2.", "num_hidden_layers = 2");
    }

    @Test
    void unsupportedConfigsAreNamed() throws Exception {
        Path yarn = tmp.resolve("yarn");
        var e1 = assertThrows(LlamaConfigException.class, () -> TinyLlama.write(yarn, TinyLlama.Spec.defaults()
                .withExtraConfig(Map.of("rope_scaling", TinyLlama.object("rope_type", "yarn", "factor", 2.0)))));
        assertMentions(e1, "config.json", "rope_type 'yarn'", "default, linear, llama3");

        Path gpt = tmp.resolve("gpt");
        var e2 = assertThrows(LlamaConfigException.class,
                () -> TinyLlama.write(gpt, TinyLlama.Spec.defaults().withModelType("gpt2")));
        assertMentions(e2, "model_type 'gpt2'");

        Path gelu = tmp.resolve("gelu");
        var e3 = assertThrows(LlamaConfigException.class, () -> TinyLlama.write(gelu, TinyLlama.Spec.defaults()
                .withExtraConfig(Map.of("hidden_act", "gelu"))));
        assertMentions(e3, "hidden_act 'gelu'");

        Path llama3 = tmp.resolve("llama3");
        var e4 = assertThrows(LlamaConfigException.class, () -> TinyLlama.write(llama3, TinyLlama.Spec.defaults()
                .withExtraConfig(Map.of("rope_scaling", TinyLlama.object("rope_type", "llama3", "factor", 8.0)))));
        assertMentions(e4, "rope_scaling", "missing key 'low_freq_factor'");
    }

    @Test
    void corruptSafetensorsHeaderNamesTheFile() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults());
        Path file = dir.resolve(HfCheckpoint.SINGLE_FILE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40), 0);
        }
        var e = loadFails(dir);
        assertTrue(e instanceof SafetensorsFormatException);
        assertMentions(e, file.toString(), "header length");

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 16), 0);
        }
        assertMentions(loadFails(dir), file.toString(), "not valid JSON");
    }

    @Test
    void raggedOrNonNumericJsonInputsAreRejected() throws Exception {
        Path f = tmp.resolve("in.json");
        Files.writeString(f, "{\"inputs_embeds\": [[[1, 2], [3, \"x\"]]]}");
        var e = assertThrows(IOException.class, () -> EmbeddingsJson.read(f, "inputs_embeds"));
        assertMentions(e, "inputs_embeds[0][1][1]", "not a finite number");
        Files.writeString(f, "{\"inputs\": []}");
        assertMentions(assertThrows(IOException.class, () -> EmbeddingsJson.read(f, "inputs_embeds")), "key 'inputs_embeds'");
    }
}
