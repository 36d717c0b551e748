package org.netllm.testbed.netllm.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void contiguousTensorsOfEveryStorageTypeRoundTrip() throws IOException {
        // values exactly representable in fp16 and bf16 (k/64, small k)
        float[] v = {0.5f, -1.25f, 3.0f, 0.015625f, -0.75f, 2.5f};
        Path f = dir.resolve("modules_except_plm.bin");
        new TorchPickleWriter()
                .add("0.fc1.0.weight", TorchStorageType.FLOAT, new long[] {3, 2}, v)
                .add("half", TorchStorageType.HALF, new long[] {6}, v)
                .add("bf16", TorchStorageType.BFLOAT16, new long[] {2, 3}, v)
                .add("double", TorchStorageType.DOUBLE, new long[] {1, 6}, v)
                .write(f);
        Map<String, TorchTensor> t = TorchCheckpoint.read(f);
        assertEquals(List.of("0.fc1.0.weight", "half", "bf16", "double"), List.copyOf(t.keySet()));
        for (TorchTensor x : t.values()) {
            assertArrayEquals(v, x.values(), 0f, x.name());
        }
        assertTrue(t.get("bf16").hasShape(2, 3));
        assertEquals("HalfStorage", t.get("half").storageType());
    }

    @Test
    void halfPrecisionRoundsToNearest() throws IOException {
        float[] v = {1.0f + 1e-4f, 65504f, 1e-7f, -0.1f};
        Path f = dir.resolve("h.bin");
        new TorchPickleWriter().add("h", TorchStorageType.HALF, new long[] {4}, v).write(f);
        float[] got = TorchCheckpoint.read(f).get("h").values();
        // fp16 has 11 significant bits: relative error <= 2^-11; 1e-7 is a subnormal (step 2^-24)
        assertEquals(1.0f, got[0], 0f);
        assertEquals(65504f, got[1], 0f);
        assertEquals(1e-7f, got[2], 0x1p-25f);
        assertEquals(-0.1f, got[3], 0.1f * 0x1p-11f);
    }

    @Test
    void viewsHonourOffsetAndStridesIntoSharedStorage() throws IOException {
        float[] storage = new float[20];
        for (int i = 0; i < storage.length; i++) {
            storage[i] = i;
        }
        var s = new TorchPickleWriter.Storage("7", TorchStorageType.FLOAT, storage);
        Path f = dir.resolve("views.pt");
        new TorchPickleWriter()
                // a transposed 3x4 view of the 4x3 block starting at element 2: t[i][j] = 2 + j*3 + i
                .addView(new TorchPickleWriter.View("transposed", s, 2, new long[] {3, 4}, new long[] {1, 3}))
                // every other element from 10: 10, 12, 14
                .addView(new TorchPickleWriter.View("strided", s, 10, new long[] {3}, new long[] {2}))
                .write(f);
        Map<String, TorchTensor> t = TorchCheckpoint.read(f);
        assertArrayEquals(new float[] {2, 5, 8, 11, 3, 6, 9, 12, 4, 7, 10, 13}, t.get("transposed").values());
        assertArrayEquals(new float[] {10, 12, 14}, t.get("strided").values());
    }

    @Test
    void notAZipIsAClearError() throws IOException {
        Path f = dir.resolve("legacy.bin");
        Files.write(f, new byte[] {(byte) 0x80, 2, 'N', '.'});
        var e = assertThrows(TorchCheckpointFormatException.class, () -> TorchCheckpoint.read(f));
        assertTrue(e.getMessage().contains("legacy.bin") && e.getMessage().contains("zip"), e.getMessage());
    }

    @Test
    void missingStorageRecordNamesIt() throws IOException {
        Path good = dir.resolve("m.bin");
        new TorchPickleWriter().add("w", new long[] {2}, new float[] {1, 2}).write(good);
        Path bad = dir.resolve("bad.bin");
        copyZipWithout(good, bad, "m/data/0");
        var e = assertThrows(TorchCheckpointFormatException.class, () -> TorchCheckpoint.read(bad));
        assertTrue(e.getMessage().contains("m/data/0") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void truncatedStorageNamesSizes() throws IOException {
        var s = new TorchPickleWriter.Storage("0", TorchStorageType.FLOAT, new float[] {1, 2, 3});
        Path f = dir.resolve("oob.bin");
        // a view reaching past the end of its storage
        new TorchPickleWriter().addView(new TorchPickleWriter.View("w", s, 1, new long[] {3}, new long[] {1})).write(f);
        var e = assertThrows(TorchCheckpointFormatException.class, () -> TorchCheckpoint.read(f));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("3-element storage"), e.getMessage());
    }

    private static void copyZipWithout(Path src, Path dst, String skip) throws IOException {
        try (ZipFile in = new ZipFile(src.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(dst))) {
            for (var it = in.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                if (e.getName().equals(skip)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
    }
}
