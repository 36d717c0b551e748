package org.netllm.testbed.abr.qoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QoeSummaryTest {

    private static ChunkRecord chunk(int i, int kbps, double rebuf, double smooth, double reward) {
        return new ChunkRecord(i, 0, i, kbps, 0, rebuf, 1, 1, smooth, reward);
    }

    @Test
    void firstChunkOfEachSessionIsExcludedAndChunksArePooled() {
        // docs/reference/abr.md §4.2: calc_mean_reward skips line 1 of every file, then averages all lines
        List<ChunkRecord> a = List.of(chunk(0, 300, 9, 0, -100), chunk(1, 750, 0, 0.45, 0.3), chunk(2, 750, 0, 0, 0.75));
        List<ChunkRecord> b = List.of(chunk(0, 300, 9, 0, -100), chunk(1, 4300, 1, 4.0, -4.0));
        QoeSummary s = new QoeSummary.Accumulator().addSession(a).addSession(b).summary();
        assertEquals(3, s.chunks());
        assertEquals(2, s.sessions());
        assertEquals((0.3 + 0.75 - 4.0) / 3, s.qoeMean(), 1e-12);
        assertEquals((0.75 + 0.75 + 4.3) / 3, s.bitrateMeanMbps(), 1e-12);
        assertEquals(1.0 / 3, s.rebufferMeanS(), 1e-12);
        assertEquals(4.45 / 3, s.smoothnessMeanMbps(), 1e-12);
        assertEquals((0.3 + 0.75) / 2, QoeSummary.ofSession(a).qoeMean(), 1e-12);
    }

    @Test
    void emptySummaryIsNaNNotZero() {
        assertTrue(Double.isNaN(QoeSummary.ofSession(List.of(chunk(0, 300, 0, 0, 0.3))).qoeMean()));
    }
}
