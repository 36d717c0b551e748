package org.netllm.testbed.abr.netllm.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.io.Safetensors;

/** Pool file round trip and the errors a damaged file gives. */
class ExperiencePoolFileTest {

    @TempDir
    Path dir;

    private static ExperiencePool small() {
        int n = 4;
        float[] states = new float[n * 36];
        for (int i = 0; i < states.length; i++) {
            states[i] = i / 100f;
        }
        PoolMetadata meta = new PoolMetadata(List.of("bba"), "t", List.of("a", "b"), "envivio", 3, false, 1, 2, n,
                -2.5f, 1.5f, 0.003, 1000, 1);
        return new ExperiencePool(states, new int[] {0, 5, 2, 3}, new float[] {1.5f, -2.5f, 0f, 1f},
                new boolean[] {false, true, false, true}, meta);
    }

    @Test
    void roundTrip() throws IOException {
        Path f = dir.resolve("p.pool");
        ExperiencePool p = small();
        ExperiencePoolFile.write(f, p);
        ExperiencePool q = ExperiencePoolFile.read(f);
        assertArrayEquals(p.states(), q.states());
        assertArrayEquals(p.actions(), q.actions());
        assertArrayEquals(p.rewards(), q.rewards());
        assertArrayEquals(p.dones(), q.dones());
        assertEquals(p.metadata(), q.metadata());
    }

    @Test
    void truncatedFileIsReportedWithItsName() throws IOException {
        Path f = dir.resolve("p.pool");
        ExperiencePoolFile.write(f, small());
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
        IOException e = assertThrows(IOException.class, () -> ExperiencePoolFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void missingFileAndForeignFile() throws IOException {
        assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(dir.resolve("none.pool")));
        Path f = dir.resolve("weights.safetensors");
        Safetensors.writeF32(f, List.of(new Safetensors.F32Tensor("x", new long[] {1}, new float[] {1})), Map.of());
        PoolFormatException e = assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(f));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
    }

    @Test
    void inconsistentContentsNameTheKey() throws IOException {
        ExperiencePool p = small();
        Path f = dir.resolve("bad.pool");
        // action 7 is no quality
        write(f, p, new float[] {0, 7, 2, 3}, new float[] {0, 1, 0, 1}, ExperiencePoolFile.toJson(p.metadata()));
        assertTrue(assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(f)).getMessage().contains("actions[1]"));
        // done 0.5
        write(f, p, new float[] {0, 5, 2, 3}, new float[] {0, 0.5f, 0, 1}, ExperiencePoolFile.toJson(p.metadata()));
        assertTrue(assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(f)).getMessage().contains("dones[1]"));
        // metadata claims 3 episodes
        String meta = ExperiencePoolFile.toJson(p.metadata()).replace("\"episodes\":2", "\"episodes\":3");
        write(f, p, new float[] {0, 5, 2, 3}, new float[] {0, 1, 0, 1}, meta);
        assertTrue(assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(f)).getMessage().contains("episode"));
        // metadata key missing
        write(f, p, new float[] {0, 5, 2, 3}, new float[] {0, 1, 0, 1}, meta.replace("\"seed\":3,", ""));
        assertTrue(assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(f)).getMessage().contains("'seed'"));
        // transitions disagree with the tensors
        write(f, p, new float[] {0, 5, 2, 3}, new float[] {0, 1, 0, 1},
                ExperiencePoolFile.toJson(p.metadata()).replace("\"transitions\":4", "\"transitions\":5"));
        assertTrue(assertThrows(PoolFormatException.class, () -> ExperiencePoolFile.read(f)).getMessage().contains("shape"));
    }

    private static void write(Path f, ExperiencePool p, float[] actions, float[] dones, String meta) throws IOException {
        int n = p.size();
        Safetensors.writeF32(f, List.of(
                new Safetensors.F32Tensor("states", new long[] {n, 6, 6}, p.states()),
                new Safetensors.F32Tensor("actions", new long[] {n}, actions),
                new Safetensors.F32Tensor("rewards", new long[] {n}, p.rewards()),
                new Safetensors.F32Tensor("dones", new long[] {n}, dones)),
                Map.of("format", ExperiencePoolFile.FORMAT, "pool", meta));
    }
}
