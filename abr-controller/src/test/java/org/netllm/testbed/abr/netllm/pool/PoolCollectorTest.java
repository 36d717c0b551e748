package org.netllm.testbed.abr.netllm.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.qoe.ChunkRecord;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.qoe.SessionRecord;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.sim.SimulationRunner;
import org.netllm.testbed.abr.sim.SimulationSettings;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.abr.testing.Fixtures;
import org.netllm.testbed.traces.CookedTrace;

/** Collection semantics of docs/reference/abr.md §7.5 on real fcc-train traces and real baselines. */
class PoolCollectorTest {

    static List<CookedTrace> trainTraces(int n) throws java.io.IOException {
        Path dir = Path.of(System.getProperty("testbed.root", ".")).resolve("traces/fcc/train");
        return org.netllm.testbed.traces.TraceSet.open(dir).readCooked().subList(0, n);
    }

    static ExperiencePool collect(List<String> policies, int traces, long seed) throws java.io.IOException {
        List<AbrAlgorithmFactory> f = policies.stream().map(p -> StandardAlgorithms.baselines().factory(p)).toList();
        PoolCollector.Settings s = new PoolCollector.Settings(Fixtures.video1(), trainTraces(traces), "fcc/train", 0,
                false, seed, 1, 2);
        return PoolCollector.collect(policies, f, s, SimulationRunner.Progress.NONE);
    }

    @Test
    void fortySevenTransitionsPerEpisodeFirstDroppedRewardsAsTheRunner() throws java.io.IOException {
        ExperiencePool pool = collect(List.of("bba", "robustmpc"), 3, 11);
        assertEquals(2 * 3 * 47, pool.size());
        assertEquals(6, pool.metadata().episodes());
        assertEquals(46, pool.metadata().maxTimestep());
        for (int i = 0; i < pool.size(); i++) {
            assertEquals(i % 47 == 46, pool.dones()[i], "done flag at " + i);
        }
        // the same sessions through the runner directly: chunk k ≥ 1 gives transition k − 1
        SimulationRunner runner = new SimulationRunner(new SimulationSettings(Fixtures.video1(), QoeParams.NETLLM, false,
                SimConstants.TOTAL_VIDEO_CHUNKS, 11, true, 1));
        TracePlan plan = TracePlan.build(trainTraces(3), null, false, 0, new SplittableRandom(11));
        SessionRecord s = runner.runSession(StandardAlgorithms.baselines().factory("robustmpc"), plan, 1);
        int base = (3 + 1) * 47; // robustmpc episodes follow the 3 bba ones
        for (int k = 1; k < 48; k++) {
            ChunkRecord c = s.chunks().get(k);
            assertEquals((float) c.reward(), pool.rewards()[base + k - 1], "reward of chunk " + k);
            assertEquals(c.quality(), pool.actions()[base + k - 1], "quality of chunk " + k);
        }
        // the state of transition 0 is the state after chunk 0 (not the zero state): remaining 47/48
        float[][] s0 = pool.state(base);
        assertEquals(47 / 48f, s0[5][5], 1e-6);
        assertEquals(300 / ROW0_NORM_KBPS, s0[0][5], 1e-6); // chunk 0 at quality 0 = 300 kbps
        assertEquals(0f, s0[2][4]); // only one throughput sample so far
        assertTrue(s0[2][5] > 0);
    }

    /** Row-0 normaliser: 4300 kbps (docs/reference/abr.md §5.1). */
    private static final float ROW0_NORM_KBPS = 4300f;

    @Test
    void metadataStatisticsMatchTheArrays() throws java.io.IOException {
        ExperiencePool pool = collect(List.of("bba"), 2, 5);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float r : pool.rewards()) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        assertEquals(min, (float) pool.metadata().minReward());
        assertEquals(max, (float) pool.metadata().maxReward());
        assertTrue(pool.metadata().maxReturn() > 0 && pool.metadata().maxReturn() <= 47 / 1000.0);
        assertEquals(List.of("bba"), pool.metadata().policies());
        // row 4 of the first transition: sizes of chunk 1 in MB (docs/reference/abr.md §5.1)
        float[] next = new float[6];
        for (int q = 0; q < 6; q++) {
            next[q] = (float) (Fixtures.video1().sizeBytes(q, 1) / 1e6);
        }
        assertArrayEquals(next, pool.state(0)[4], 1e-6f);
    }
}
