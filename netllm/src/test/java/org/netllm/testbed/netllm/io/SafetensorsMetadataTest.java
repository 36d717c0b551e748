package org.netllm.testbed.netllm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata is written in sorted key order, so the same tensors and metadata give the same bytes. */
class SafetensorsMetadataTest {

    @TempDir
    Path dir;

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void insertionOrderOfMetadataDoesNotChangeTheFile() throws IOException {
        List<Safetensors.F32Tensor> t = List.of(new Safetensors.F32Tensor("x", new long[] {2}, new float[] {1f, 2f}));
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Safetensors.writeF32(a, t, ordered("optimizer", "adamw", "format", "pt", "a", "1"));
        Safetensors.writeF32(b, t, ordered("a", "1", "format", "pt", "optimizer", "adamw"));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        String header = new String(Files.readAllBytes(a), StandardCharsets.UTF_8);
        assertTrue(header.indexOf("\"a\"") < header.indexOf("\"format\"")
                && header.indexOf("\"format\"") < header.indexOf("\"optimizer\""), header);
        try (Safetensors st = Safetensors.open(b)) {
            assertEquals(Map.of("a", "1", "format", "pt", "optimizer", "adamw"), st.metadata());
        }
    }
}
