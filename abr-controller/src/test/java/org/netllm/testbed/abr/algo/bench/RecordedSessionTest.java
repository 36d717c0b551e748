package org.netllm.testbed.abr.algo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.algo.bba.BufferBased;
import org.netllm.testbed.abr.testing.Fixtures;

class RecordedSessionTest {

    @Test
    void firstChunkIsComputedByHand() {
        List<AbrObservation> s = RecordedSession.record(Fixtures.video1(), 48, new double[] {1000}, new BufferBased(6));
        assertEquals(48, s.size());
        AbrObservation first = s.get(0);
        // 181801 B at quality 0 over 1000 kbit/s: 1454.408 ms + 80 ms RTT, all of it a stall
        assertEquals(181801L * 8 / 1000.0 + 80.0, first.downloadMs(), 1e-9);
        assertEquals(first.downloadMs() / 1000.0, first.rebufferS(), 1e-12);
        assertEquals(4.0, first.bufferS(), 0.0);
        assertEquals(47, first.chunksRemaining());
        assertEquals(0, s.get(47).chunksRemaining());
        assertTrue(s.get(47).nextSizesBytes()[0] > 0); // chunk 48 exists in the 49-chunk table
        assertThrows(IllegalArgumentException.class,
                () -> RecordedSession.record(Fixtures.video1(), 50, new double[] {1000}, new BufferBased(6)));
    }

    @Test
    void latencyIsMeasuredForEveryDecision() {
        List<AbrObservation> s = RecordedSession.record(Fixtures.video1(), 48,
                RecordedSession.DEFAULT_RATE_CYCLE_KBPS, new BufferBased(6));
        DecisionLatency d = new DecisionLatency(StandardAlgorithms.baselines(), Fixtures.context(48, false), s);
        LatencyStats stats = d.measure("robustmpc", 1, 2);
        assertEquals(96, stats.samples());
        assertTrue(stats.p50Us() > 0 && stats.p50Us() <= stats.p99Us() && stats.p99Us() <= stats.maxUs(), stats.toString());
    }

    @Test
    void percentilesAreNearestRank() {
        long[] ns = new long[100];
        for (int i = 0; i < 100; i++) {
            ns[i] = (100 - i) * 1000L; // 100..1 µs, unsorted
        }
        LatencyStats s = LatencyStats.of("x", ns, 100);
        assertEquals(50.0, s.p50Us(), 0.0);
        assertEquals(99.0, s.p99Us(), 0.0);
        assertEquals(100.0, s.maxUs(), 0.0);
    }
}
