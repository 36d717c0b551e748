package org.netllm.testbed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.qoe.QoeParams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionQoeTest {

    static ChunkRow row(int chunk, int kbps, double rebufS) {
        long req = 1_000_000L + chunk * 4000L;
        return new ChunkRow(chunk, kbps / 1000, kbps, 10.0, rebufS, 500_000, req, req + 100, req + 1100, 0.1);
    }

    @Test
    void firstChunkExcludedAndComponentsAddUp() {
        // chunk 0 (excluded) stalls 5 s; chunk1 750 kbps, 0.5 s stall, |750-300| change; chunk2 1200, 0, |1200-750|
        List<ChunkRow> rows = List.of(row(0, 300, 5.0), row(1, 750, 0.5), row(2, 1200, 0.0));
        SessionQoe q = SessionQoe.of(rows, QoeParams.NETLLM);
        double r1 = 0.75 - 4.3 * 0.5 - 0.45;
        double r2 = 1.2 - 0 - 0.45;
        assertEquals(2, q.chunks());
        assertEquals((r1 + r2) / 2, q.qoe(), 1e-12);
        assertEquals((0.75 + 1.2) / 2, q.bitrateMbps(), 1e-12);
        assertEquals(0.25, q.rebufferS(), 1e-12);
        assertEquals(4.3 * 0.25, q.rebufferPenalty(), 1e-12);
        assertEquals(0.45, q.smoothnessMbps(), 1e-12);
        assertEquals(q.bitrateMbps() - q.rebufferPenalty() - q.smoothnessMbps(), q.qoe(), 1e-12);
        assertEquals(4.3, q.lambda());
    }

    @Test
    void lambdaIsApplied() {
        List<ChunkRow> rows = List.of(row(0, 300, 0), row(1, 300, 1.0));
        assertEquals(0.3 - 43.0, SessionQoe.of(rows, new QoeParams(43, 1)).qoe(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> SessionQoe.of(List.of(row(0, 300, 0)), QoeParams.NETLLM));
    }

    @Test
    void csvRoundTripAndErrors(@TempDir Path dir) throws Exception {
        List<ChunkRow> rows = List.of(row(0, 300, 1.25), row(1, 4300, 0));
        Path f = dir.resolve("chunks.csv");
        ChunkCsv.write(f, rows);
        assertEquals(rows, ChunkCsv.read(f));
        assertEquals(1000, rows.get(0).transferMs());
        assertEquals(500_000 * 8.0 / 1000 / 1000, rows.get(0).throughputMbps(), 1e-12);

        Files.writeString(f, ChunkRow.CSV_HEADER + "\n1,2,3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkCsv.read(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(f, "wrong\n");
        assertThrows(IllegalArgumentException.class, () -> ChunkCsv.read(f));
    }
}
