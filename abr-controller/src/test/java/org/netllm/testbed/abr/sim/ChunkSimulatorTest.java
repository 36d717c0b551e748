package org.netllm.testbed.abr.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.traces.CookedTrace;

class ChunkSimulatorTest {

    private static final double REL = 1e-6;
    private static final VideoSpec ENVIVIO = VideoSpecs.envivio();

    private static void assertRel(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * REL + 1e-12, what);
    }

    private static ChunkSimulator fixedSim(CookedTrace trace, int pointer) {
        return new ChunkSimulator(ENVIVIO, TracePlan.single(trace, pointer, 0), SimOptions.NETLLM_FIXED);
    }

    @Test
    void syntheticConstantTraceVectors() {
        // docs/reference/abr.md §3.4: 0..399 s at 2.0 Mbps, pointer 1, fixed, video1
        ChunkSimulator sim = fixedSim(SimTestData.constant("synthetic-2mbps", 400, 2.0), 1);
        ChunkResult s1 = sim.step(0);
        assertEquals(181_801, s1.chunkBytes());
        assertRel(845.4779, s1.delayMs(), "step 1 delay");
        assertRel(0.845478, s1.rebufferS(), "step 1 rebuffer");
        assertEquals(4.0, s1.bufferS(), 1e-12);
        assertEquals(0.0, s1.sleepMs());
        assertEquals(47, s1.remain());
        assertFalse(s1.endOfVideo());

        ChunkResult s2 = sim.step(5);
        assertEquals(2_123_065, s2.chunkBytes());
        assertRel(9019.2211, s2.delayMs(), "step 2 delay");
        assertRel(5.019221, s2.rebufferS(), "step 2 rebuffer");
        assertEquals(4.0, s2.bufferS(), 1e-12);
        assertEquals(46, s2.remain());
    }

    @Test
    void fccTestFirstFileVector() {
        // docs/reference/abr.md §3.4: 000_trace_942154_http---www.ebay.com_0, pointer 28, q = 0
        List<CookedTrace> traces = SimTestData.fccTest();
        CookedTrace first = traces.get(0);
        assertEquals("000_trace_942154_http---www.ebay.com_0", first.name());
        int[] pointers = SimTestData.fccTestStartPointers(traces);
        assertEquals(28, pointers[0]);

        ChunkResult r = fixedSim(first, pointers[0]).step(SimConstants.DEFAULT_QUALITY);
        assertRel(2606.5298, r.delayMs(), "delay");
        assertRel(2.606530, r.rebufferS(), "rebuffer");
        assertEquals(4.0, r.bufferS(), 1e-12);
        assertArrayEquals(new long[] {155_580, 398_865, 611_087, 957_685, 1_431_809, 2_123_065}, r.nextSizesBytes());
        double reward = QoeParams.NETLLM.reward(300, 300, r.rebufferS());
        assertRel(-10.908078, reward, "reward");
    }

    @Test
    void wrapsToSampleOneAtTimeZero() {
        // samples (0 s, 1 s, 2 s) at 1 Mbps: 125 000 B/s, 118 750 payload B/s (×0.95)
        CookedTrace t = new CookedTrace("three", new double[] {0, 1, 2}, new double[] {9.0, 1.0, 1.0});
        ChunkSimulator sim = fixedSim(t, 1);
        double payloadPerS = 1.0 * 1e6 / 8 * 0.95;

        // chunk 0 (181 801 B): all of interval 1, then part of interval 2
        ChunkResult r1 = sim.step(0);
        double frac1 = (181_801 - payloadPerS) / payloadPerS;
        assertRel((1 + frac1) * 1000 + 80, r1.delayMs(), "chunk 0 delay");
        assertEquals(2, sim.pointer());

        // chunk 1 (155 580 B): rest of interval 2, wrap to ptr 1 with clock 0 (not time[0]), then part of interval 1
        ChunkResult r2 = sim.step(0);
        double rest = 2 - (1 + frac1);
        double frac2 = (155_580 - rest * payloadPerS) / payloadPerS;
        assertRel((rest + frac2) * 1000 + 80, r2.delayMs(), "chunk 1 delay");
        assertEquals(1, sim.pointer());
        assertRel(frac2, sim.traceTimeS(), "clock after wrap");
        assertEquals(0.0, r2.rebufferS());
        assertRel((8000 - r2.delayMs()) / 1000, r2.bufferS(), "buffer");
    }

    @Test
    void bufferCapDrainsInQuantaAndAdvancesTheTraceClock() {
        // 100 Mbps: q0 chunks take ~95 ms, so the buffer grows ~3.9 s per chunk until the 60 s cap
        ChunkSimulator sim = fixedSim(SimTestData.constant("fast", 1000, 100.0), 1);
        boolean drained = false;
        for (int k = 0; k < SimConstants.TOTAL_VIDEO_CHUNKS - 1; k++) {
            double bufferBefore = sim.bufferMs();
            double clockBefore = sim.traceTimeS();
            ChunkResult r = sim.step(0);
            double afterDownload = Math.max(bufferBefore - r.delayMs(), 0) + SimConstants.VIDEO_CHUNK_LEN_MS;
            double expectedSleep = afterDownload > SimConstants.BUFFER_THRESH_MS
                    ? Math.ceil((afterDownload - SimConstants.BUFFER_THRESH_MS) / SimConstants.DRAIN_BUFFER_SLEEP_MS)
                    * SimConstants.DRAIN_BUFFER_SLEEP_MS : 0;
            assertRel((afterDownload - expectedSleep) / 1000, r.bufferS(), "buffer after drain, chunk " + k);
            assertTrue(r.bufferS() * 1000 <= SimConstants.BUFFER_THRESH_MS);
            double downloadS = (r.delayMs() - SimConstants.LINK_RTT_MS) / 1000;
            assertEquals(clockBefore + downloadS + expectedSleep / 1000, sim.traceTimeS(), 1e-9, "clock, chunk " + k);
            if (expectedSleep > 0) {
                drained = true;
                // docs/reference/abr.md §3.2.6 quirk: the returned sleep is what is left after the last whole 1 s interval crossed
                double residualS = sim.traceTimeS() - Math.floor(sim.traceTimeS());
                boolean crossedWholeIntervals = Math.floor(sim.traceTimeS()) > Math.floor(clockBefore + downloadS);
                double expectedResidual = crossedWholeIntervals ? residualS * 1000 : expectedSleep;
                assertEquals(expectedResidual, r.sleepMs(), 1e-6, "residual sleep, chunk " + k);
            } else {
                assertEquals(0.0, r.sleepMs());
            }
        }
        assertTrue(drained, "buffer never reached the cap");
    }

    @Test
    void endOfVideoResetsAndMovesToTheNextTraceOfThePlan() {
        CookedTrace a = SimTestData.constant("a", 400, 5.0);
        CookedTrace b = SimTestData.constant("b", 300, 3.0);
        TracePlan plan = new TracePlan(List.of(a, b), new int[] {1, 7}, new int[] {0, 1});
        ChunkSimulator sim = new ChunkSimulator(ENVIVIO, plan, SimOptions.NETLLM_FIXED);
        ChunkResult last = null;
        for (int k = 0; k < SimConstants.TOTAL_VIDEO_CHUNKS; k++) {
            last = sim.step(1);
            assertEquals(k == SimConstants.TOTAL_VIDEO_CHUNKS - 1, last.endOfVideo());
        }
        assertEquals(0, last.remain());
        assertTrue(last.bufferS() > 0, "returned buffer is captured before the reset");
        assertEquals(0.0, sim.bufferMs());
        assertEquals(0, sim.chunkCounter());
        assertEquals(1, sim.traceIter());
        assertEquals(7, sim.pointer());
        assertEquals(6.0, sim.traceTimeS());
        // docs/reference/abr.md §3.2 step 10: next sizes are chunk 0 of the next episode
        for (int q = 0; q < ENVIVIO.levels(); q++) {
            assertEquals(ENVIVIO.sizeBytes(q, 0), last.nextSizesBytes()[q]);
        }
        for (int k = 0; k < SimConstants.TOTAL_VIDEO_CHUNKS; k++) {
            sim.step(0);
        }
        assertEquals(0, sim.traceIter(), "round-robin back to the first trace");
        assertEquals(1, sim.pointer());
    }

    @Test
    void nextSizesRowIsTheTableColumn() {
        ChunkSimulator sim = fixedSim(SimTestData.constant("c", 400, 3.0), 1);
        ChunkResult r = sim.step(2);
        for (int q = 0; q < ENVIVIO.levels(); q++) {
            assertEquals(ENVIVIO.sizeBytes(q, 1), r.nextSizesBytes()[q]);
        }
    }

    @Test
    void rejectsBadInput() {
        CookedTrace t = SimTestData.constant("t", 10, 1.0);
        assertThrows(IllegalArgumentException.class, () -> TracePlan.single(t, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> TracePlan.single(t, 10, 0));
        CookedTrace dead = new CookedTrace("dead", new double[] {0, 1, 2}, new double[] {5, 0, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TracePlan.single(dead, 1, 0));
        assertTrue(e.getMessage().contains("dead"));
        ChunkSimulator sim = fixedSim(t, 1);
        assertThrows(IllegalArgumentException.class, () -> sim.step(6));
        assertThrows(IllegalArgumentException.class, () -> new ChunkSimulator(ENVIVIO, TracePlan.single(t, 1, 0),
                new SimOptions(true, 50, 1)));
    }
}
