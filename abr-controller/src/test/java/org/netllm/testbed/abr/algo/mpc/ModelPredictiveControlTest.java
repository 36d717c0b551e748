package org.netllm.testbed.abr.algo.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.testing.Fixtures;
import org.netllm.testbed.abr.video.VideoSpec;

class ModelPredictiveControlTest {

    private static final VideoSpec VIDEO = Fixtures.video1();
    /** Bandwidth so high that no planned chunk rebuffers (MB/s). */
    private static final double HUGE_MBPS = 1e9;

    private static ModelPredictiveControl robust(int totalChunks) {
        return new ModelPredictiveControl(MpcVariant.ROBUST, Fixtures.context(totalChunks, false));
    }

    private static ModelPredictiveControl netllmSim(int totalChunks) {
        return new ModelPredictiveControl(MpcVariant.ROBUST_NETLLM_SIM, Fixtures.context(totalChunks, false));
    }

    /** One observation of chunk k at quality q with the given throughput (MB/s = bytes/ms/1000). */
    private static AbrObservation obs(int k, int q, double bufferS, long bytes, double ms, int total) {
        return new AbrObservation(k, q, bufferS, 0.0, bytes, ms, total - k - 1, Fixtures.nextSizes(VIDEO, k + 1));
    }

    @Test
    void planCountsMatchTheSpec() {
        MpcPlans plans = MpcPlans.forLevels(6);
        int[] counts = new int[6];
        for (int q = 0; q < 6; q++) {
            counts[q] = plans.planCount(q);
        }
        assertArrayEquals(new int[] {96, 170, 209, 209, 170, 96}, counts);
    }

    @Test
    void plansAreInLexicographicOrder() {
        MpcPlans plans = MpcPlans.forLevels(6);
        int[] first = new int[5];
        int[] second = new int[5];
        int[] lastFrom5 = new int[5];
        int[] firstFrom5 = new int[5];
        for (int j = 0; j < 5; j++) {
            first[j] = plans.quality(0, 0, j);
            second[j] = plans.quality(0, 1, j);
            firstFrom5[j] = plans.quality(5, 0, j);
            lastFrom5[j] = plans.quality(5, 95, j);
        }
        assertArrayEquals(new int[] {0, 0, 0, 0, 0}, first);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, second);
        assertArrayEquals(new int[] {4, 3, 2, 1, 0}, firstFrom5);
        assertArrayEquals(new int[] {5, 5, 5, 5, 5}, lastFrom5);
    }

    @Test
    void specTieExampleScoresUnderTheCanonicalOrder() {
        ModelPredictiveControl mpc = robust(48);
        double a = mpc.score(new int[] {1, 1, 2, 2, 2}, 1, 100.0, 0, HUGE_MBPS);
        double b = mpc.score(new int[] {2, 2, 2, 2, 1}, 1, 100.0, 0, HUGE_MBPS);
        assertEquals(4.65, a, 1e-12);
        assertEquals(4.65, b, 1e-12);
        // the per-chunk accumulation order decides the rounding (docs/reference/abr.md §6.2 step 6 [REC])
        assertEquals(4.65, a, 0.0);
        assertEquals(4.6499999999999995, b, 0.0);
    }

    @Test
    void rebufferingPlanScoredByHand() {
        // chunk 1 at q0 = 155580 B; 0.15558 MB / 0.1 MB/s = 1.5558 s against 1 s of buffer
        double expected = 0.3 - 4.3 * (0.15558 / 0.1 - 1.0);
        assertEquals(expected, robust(48).score(new int[] {0}, 0, 1.0, 0, 0.1), 1e-12);
    }

    @Test
    void sizesWrapModuloTheTable() {
        ModelPredictiveControl mpc = robust(60);
        int[] plan = {3, 3, 3};
        assertEquals(mpc.score(plan, 3, 0.5, -1, 0.2), mpc.score(plan, 3, 0.5, 48, 0.2), 0.0);
    }

    @Test
    void exactTieAtHorizonOneGoesToTheLaterPlan() {
        // chunk 46 of 48: horizon 1; from q1, q1 scores 0.75 and q2 scores 1.2 − 0.45 = 0.75 exactly
        assertEquals(2, robust(48).decide(obs(46, 1, 30.0, 10_000_000, 1000, 48)));
    }

    @Test
    void lastChunkHasAnEmptyPlan() {
        assertEquals(0, robust(48).decide(obs(47, 4, 30.0, 10_000_000, 1000, 48)));
    }

    @Test
    void jumpRestrictionLimitsEachStepToOneLevel() {
        // ample bandwidth from q0: best plan (1,2,3,4,5) scores 10.95 − 4.0 = 6.95; a full
        // enumeration would jump straight to 5
        assertEquals(1, robust(48).decide(obs(0, 0, 20.0, 10_000_000, 1000, 48)));
        // starved link from q3 with an empty buffer: the lowest reachable level is 2
        assertEquals(2, robust(48).decide(obs(0, 3, 0.0, 10_000, 1000, 48)));
    }

    @Test
    void robustEstimatorDiscountsByTheLargestRecentError() {
        var state = new org.netllm.testbed.abr.state.PensieveState(VIDEO.bitratesKbps(), 6, 48);
        ThroughputEstimator robust = new ThroughputEstimator(true);
        ThroughputEstimator fast = new ThroughputEstimator(false);
        state.update(obs(0, 0, 4, 1_000_000, 1000, 48));           // 1 MB/s
        assertEquals(1.0, robust.predict(state), 0.0);
        assertEquals(1.0, fast.predict(state), 0.0);
        state.update(obs(1, 0, 4, 500_000, 1000, 48));             // 0.5 MB/s: error |1 − 0.5|/0.5 = 1
        double harmonic = 1.0 / ((1.0 / 1.0 + 1.0 / 0.5) / 2);    // 2/3
        assertEquals(harmonic / 2.0, robust.predict(state), 1e-15);
        assertEquals(harmonic, fast.predict(state), 1e-15);
        assertEquals(harmonic, robust.lastEstimate(), 1e-15);
    }

    @Test
    void harmonicMeanUsesOnlyTheLastFiveColumns() {
        var state = new org.netllm.testbed.abr.state.PensieveState(VIDEO.bitratesKbps(), 6, 48);
        state.update(obs(0, 0, 4, 100_000_000, 1000, 48));         // 100 MB/s, then five at 1 MB/s
        for (int k = 1; k <= 5; k++) {
            state.update(obs(k, 0, 4, 1_000_000, 1000, 48));
        }
        assertEquals(1.0, new ThroughputEstimator(false).predict(state), 0.0);
    }

    @Test
    void resetForgetsTheSession() {
        ModelPredictiveControl mpc = robust(48);
        mpc.decide(obs(0, 0, 4, 1_000_000, 1000, 48));
        mpc.reset();
        assertEquals(0.0, mpc.lastEstimateMBps(), 0.0);
        assertEquals(1, mpc.decide(obs(0, 0, 20.0, 10_000_000, 1000, 48)));
    }

    @Test
    void netllmSimPricesPlansFromTheChunkAfterNext() {
        // after chunk 0 the NetLLM sim prices chunk 2 (q0 139857 B), GENET chunk 1 (q0 155580 B)
        double simExpected = 0.3 - 4.3 * (0.139857 / 0.1 - 1.0);
        assertEquals(simExpected, netllmSim(48).score(new int[] {0}, 0, 1.0, 0, 0.1), 1e-12);
        int[] plan = {2, 3, 3, 4, 4};
        for (int k = 0; k <= 42; k++) {
            assertEquals(robust(48).score(plan, 2, 3.0, k + 1, 0.4), netllmSim(48).score(plan, 2, 3.0, k, 0.4), 0.0,
                    "chunk " + k);
        }
    }

    @Test
    void netllmSimReadsZeroBytesOutsideTheTable() {
        // after chunk 47 the sim prices index 49 of a 49-chunk table: 0 B, so no download time;
        // GENET reaches index 49 after chunk 48, wraps to chunk 0 (2354772 B at q5) and rebuffers
        assertEquals(4.3, netllmSim(60).score(new int[] {5}, 5, 0.0, 47, 0.001), 0.0);
        assertEquals(4.3 - 4.3 * (2.354772 / 0.001), robust(60).score(new int[] {5}, 5, 0.0, 48, 0.001), 1e-9);
        assertEquals(4.3, netllmSim(60).score(new int[] {5}, 5, 0.0, -3, 0.001), 0.0);
    }

    @Test
    void offByOneChangesTheDecisionNearTheEnd() {
        // chunk 46 of 48 at q1, 0.45 s buffer, 1 MB/s: horizon 1. GENET prices chunk 47: q2 (550906 B)
        // takes 0.550906 s and rebuffers, so q1 (0.75, no stall) wins. The NetLLM sim prices chunk 48:
        // q2 (391450 B) fits, q1 and q2 tie at 0.75 and the later plan (q2) wins.
        AbrObservation o = obs(46, 1, 0.45, 1_000_000, 1000, 48);
        assertEquals(1, robust(48).decide(o));
        assertEquals(2, netllmSim(48).decide(o));
        assertEquals(0, netllmSim(48).decide(obs(47, 4, 30.0, 10_000_000, 1000, 48)), "empty plan after the last chunk");
        assertEquals("robustmpc-netllm-sim", netllmSim(48).name());
    }
}
