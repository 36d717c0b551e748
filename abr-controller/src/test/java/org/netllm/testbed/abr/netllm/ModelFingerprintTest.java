package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.backbone.TinyLlama;

class ModelFingerprintTest {

    private static RandomAbrCheckpoint.Spec tiny() {
        return RandomAbrCheckpoint.Spec.embeddedShape().withBackbone(TinyLlama.Spec.defaults().withSizes(16, 1, 2, 2, 32));
    }

    @Test
    void checkpointFolderFingerprintIsStableAndChangesWithTheTrainedWeights(@TempDir Path tmp) throws IOException {
        Path dir = RandomAbrCheckpoint.write(tmp.resolve("m"), tiny());
        String name = NetLlmModels.PATH_PREFIX + dir;
        String first = ModelFingerprint.of(name).orElseThrow();
        assertTrue(first.matches("sha256:[0-9a-f]{64}"), first);
        assertEquals(first, ModelFingerprint.of(name).orElseThrow());
        // a training run folder resolves to its best/ checkpoint, as the registry does
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.move(dir, run.resolve("best"));
        assertEquals(first, ModelFingerprint.of(NetLlmModels.PATH_PREFIX + run).orElseThrow());

        Path modules = run.resolve("best").resolve(DtCheckpointConfig.MODULES_FILE);
        byte[] bytes = Files.readAllBytes(modules);
        bytes[bytes.length - 1] ^= 1;   // one bit of the last weight
        Files.write(modules, bytes);
        assertNotEquals(first, ModelFingerprint.of(NetLlmModels.PATH_PREFIX + run).orElseThrow());
    }

    @Test
    void missingAdapterIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = RandomAbrCheckpoint.write(tmp.resolve("m"), tiny());
        Path adapter = dir.resolve(DtCheckpointConfig.ADAPTER_DIR).resolve("adapter_model.safetensors");
        Files.delete(adapter);
        IOException e = assertThrows(IOException.class, () -> ModelFingerprint.of(NetLlmModels.PATH_PREFIX + dir));
        assertTrue(e.getMessage().contains("adapter_model.safetensors"), e.getMessage());
    }

    @Test
    void embeddedModelHasOneAndBaselinesNone() throws IOException {
        assertTrue(ModelFingerprint.of(NetLlmAbrPolicy.NAME).orElseThrow().startsWith("sha256:"));
        assertEquals(Optional.empty(), ModelFingerprint.of("robustmpc"));
        assertEquals(Optional.empty(), ModelFingerprint.of("genet"));
    }
}
