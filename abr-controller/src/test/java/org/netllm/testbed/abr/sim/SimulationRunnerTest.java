package org.netllm.testbed.abr.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.algo.FixedQuality;
import org.netllm.testbed.abr.qoe.ChunkRecord;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.qoe.QoeSummary;
import org.netllm.testbed.abr.qoe.SessionRecord;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.traces.CookedTrace;

class SimulationRunnerTest {

    private static final double TIGHT = 1e-9;

    /** Buffer-based rule of docs/reference/abr.md §6.1, kept here so the runner test needs no baselines. */
    private static final class TestBba implements AbrAlgorithm {
        @Override public String name() { return "test-bba"; }
        @Override public void reset() { }
        @Override public int decide(AbrObservation obs) {
            if (obs.bufferS() < 5) {
                return 0;
            }
            if (obs.bufferS() >= 15) {
                return 5;
            }
            return (int) (5 * (obs.bufferS() - 5) / 10);
        }
    }

    private static AbrAlgorithmFactory fixed(int q) {
        return ctx -> new FixedQuality(q, ctx.video().levels());
    }

    private static TracePlan fccTestPlan() {
        List<CookedTrace> traces = SimTestData.fccTest();
        int[] ptrs = SimTestData.fccTestStartPointers(traces);
        return TracePlan.build(traces, ptrs, true, 0, new SplittableRandom(1));
    }

    @Test
    void wholeFccTestMatchesAnIndependentPortOfTheReferenceLoop() {
        // Expected figures: a separate Python port of N:baseline_special/env.py + run_baseline.py's
        // reward loop (fixed, λ = 4.3, first chunk of each trace excluded, 100 × 47 chunks).
        SimulationRunner runner = new SimulationRunner(SimulationSettings.netllmDefaults(VideoSpecs.envivio(), 2));
        List<AlgorithmResult> res = runner.run(List.of("fixed-0", "fixed-3", "fixed-5", "test-bba"),
                List.of(fixed(0), fixed(3), fixed(5), ctx -> new TestBba()), fccTestPlan(), SimulationRunner.Progress.NONE);
        assertEquals(0.3, res.get(0).summary().qoeMean(), TIGHT);
        assertEquals(-16.589855025817, res.get(1).summary().qoeMean(), TIGHT);
        assertEquals(4.280668907538, res.get(1).summary().rebufferMeanS(), TIGHT);
        assertEquals(-58.272810973408, res.get(2).summary().qoeMean(), TIGHT);
        QoeSummary bba = res.get(3).summary();
        assertEquals(0.764151382770, bba.qoeMean(), TIGHT);
        assertEquals(1.202095744681, bba.bitrateMeanMbps(), TIGHT);
        assertEquals(0.007468505739, bba.rebufferMeanS(), TIGHT);
        assertEquals(0.405829787234, bba.smoothnessMeanMbps(), TIGHT);
        assertEquals(4700, bba.chunks());
        assertEquals(100, bba.sessions());
    }

    @Test
    void sessionStartsAtDefaultQualityAndAsksOncePerFollowingChunk() {
        List<AbrObservation> seen = new ArrayList<>();
        AbrAlgorithmFactory recorder = ctx -> new AbrAlgorithm() {
            @Override public String name() { return "recorder"; }
            @Override public void reset() { }
            @Override public int decide(AbrObservation obs) {
                seen.add(new AbrObservation(obs.chunkIndex(), obs.quality(), obs.bufferS(), obs.rebufferS(),
                        obs.chunkBytes(), obs.downloadMs(), obs.chunksRemaining(), obs.nextSizesBytes().clone()));
                return 2;
            }
        };
        SimulationRunner runner = new SimulationRunner(SimulationSettings.netllmDefaults(VideoSpecs.envivio(), 1));
        TracePlan plan = TracePlan.single(SimTestData.constant("c", 400, 4.0), 1, 0);
        SessionRecord s = runner.runSession(recorder, plan, 0);

        assertEquals(SimConstants.TOTAL_VIDEO_CHUNKS, s.chunks().size());
        assertEquals(SimConstants.TOTAL_VIDEO_CHUNKS - 1, seen.size());
        ChunkRecord first = s.chunks().get(0);
        assertEquals(0, first.quality());
        assertEquals(0.0, first.smoothnessMbps());
        assertEquals(first.delayMs() / 1000, first.rebufferS(), 1e-12, "empty buffer: the first chunk stalls for its delay");
        assertEquals(0, seen.get(0).chunkIndex());
        assertEquals(47, seen.get(0).chunksRemaining());
        assertEquals(1, seen.get(46).chunksRemaining());
        assertArrayEquals(new long[] {155_580, 398_865, 611_087, 957_685, 1_431_809, 2_123_065}, seen.get(0).nextSizesBytes());
        ChunkRecord second = s.chunks().get(1);
        assertEquals(2, second.quality());
        assertEquals(0.9, second.smoothnessMbps(), 1e-12);
        assertEquals(QoeParams.NETLLM.reward(1200, 300, second.rebufferS()), second.reward(), 0.0);
        assertEquals(s.chunks().get(0).timeS() + (second.delayMs()) / 1000, second.timeS(), 1e-9);
        // docs/reference/abr.md §4.2: the session mean skips chunk 0
        double mean = s.chunks().stream().skip(1).mapToDouble(ChunkRecord::reward).average().orElseThrow();
        assertEquals(mean, s.qoe().qoeMean(), 1e-12);
    }

    @Test
    void noisyResultsDependOnSeedButNotOnThreadCount() {
        List<CookedTrace> traces = SimTestData.fccTest().subList(0, 20);
        TracePlan plan = TracePlan.build(traces, null, false, 0, new SplittableRandom(5));
        var base = SimulationSettings.netllmDefaults(VideoSpecs.envivio(), 1);
        SimulationSettings one = new SimulationSettings(base.video(), base.qoe(), false, 48, 7, true, 1);
        SimulationSettings four = new SimulationSettings(base.video(), base.qoe(), false, 48, 7, true, 4);
        SimulationSettings otherSeed = new SimulationSettings(base.video(), base.qoe(), false, 48, 8, true, 4);
        AbrAlgorithmFactory bba = ctx -> new TestBba();
        double a = new SimulationRunner(one).run(List.of("b"), List.of(bba), plan, SimulationRunner.Progress.NONE).get(0).summary().qoeMean();
        double b = new SimulationRunner(four).run(List.of("b"), List.of(bba), plan, SimulationRunner.Progress.NONE).get(0).summary().qoeMean();
        double c = new SimulationRunner(otherSeed).run(List.of("b"), List.of(bba), plan, SimulationRunner.Progress.NONE).get(0).summary().qoeMean();
        assertEquals(a, b, 0.0);
        assertTrue(a != c, "a different seed changes the noise");
    }

    @Test
    void outOfRangeDecisionIsAnErrorNamingAlgorithmAndTrace() {
        AbrAlgorithmFactory bad = ctx -> new AbrAlgorithm() {
            @Override public String name() { return "bad"; }
            @Override public void reset() { }
            @Override public int decide(AbrObservation obs) { return 6; }
        };
        SimulationRunner runner = new SimulationRunner(SimulationSettings.netllmDefaults(VideoSpecs.envivio(), 1));
        TracePlan plan = TracePlan.single(SimTestData.constant("c", 100, 4.0), 1, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> runner.run(List.of("bad"), List.of(bad), plan, SimulationRunner.Progress.NONE));
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("trace c"), e.getMessage());
    }

    @Test
    void reportHasSummaryConfigAndPerChunkRecords(@TempDir Path dir) throws Exception {
        SimulationSettings settings = SimulationSettings.netllmDefaults(VideoSpecs.envivio(), 1);
        TracePlan plan = TracePlan.single(SimTestData.constant("c", 400, 4.0), 1, 0);
        List<AlgorithmResult> res = new SimulationRunner(settings).run(List.of("fixed-1"), List.of(fixed(1)), plan,
                SimulationRunner.Progress.NONE);
        Path out = dir.resolve("sub/sim.json");
        SimReport.write(out, SimReport.config(settings), res);
        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertEquals(res.get(0).summary().qoeMean(), doc.at("/summary/fixed-1/qoe_mean").asDouble(), 0.0);
        assertEquals(0.75, doc.at("/summary/fixed-1/bitrate_mean").asDouble(), 1e-12);
        assertEquals(47, doc.at("/summary/fixed-1/chunks").asInt());
        assertEquals(4.3, doc.at("/config/lambda").asDouble(), 0.0);
        assertTrue(doc.at("/config/fixed").asBoolean());
        assertTrue(doc.at("/config/versions/testbed").isTextual());
        assertEquals(48, doc.at("/traces/fixed-1/0/chunks").size());
        assertEquals(1, doc.at("/traces/fixed-1/0/chunks/5/quality").asInt());
        assertTrue(SimReport.table(res).contains("fixed-1"));
    }
}
