package org.netllm.testbed.abr.algo.pensieve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActionSamplerTest {

    private static final float[] P = {0.25f, 0.5f, 0.25f};

    @Test
    void firstIndexWhoseCumsumExceedsU() {
        assertEquals(0, ActionSampler.sample(P, 3, 0.001));
        assertEquals(0, ActionSampler.sample(P, 3, 0.249));
        assertEquals(1, ActionSampler.sample(P, 3, 0.25)); // strictly greater: 0.25 > 0.25 is false
        assertEquals(2, ActionSampler.sample(P, 3, 0.75));
        assertEquals(2, ActionSampler.sample(P, 3, 0.999));
        // numpy argmax of an all-false mask
        assertEquals(0, ActionSampler.sample(new float[] {0.1f, 0.1f}, 2, 0.5));
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        assertEquals(1, ActionSampler.argmax(P, 3));
        assertEquals(0, ActionSampler.argmax(new float[] {0.5f, 0.5f}, 2));
    }

    @Test
    void seededSamplingIsReproducibleAndFollowsTheDistribution() {
        ActionSampler a = new ActionSampler(true, 7);
        ActionSampler b = new ActionSampler(true, 7);
        int n = 20_000;
        int[] seqA = new int[n];
        int[] seqB = new int[n];
        int[] counts = new int[3];
        for (int i = 0; i < n; i++) {
            seqA[i] = a.choose(P, 3);
            seqB[i] = b.choose(P, 3);
            counts[seqA[i]]++;
        }
        assertArrayEquals(seqA, seqB);
        // u ∈ {0.001..0.999}: P(action 0) = P(u < 0.25) = 249/999
        assertEquals(249.0 / 999, counts[0] / (double) n, 0.015);
        assertEquals(500.0 / 999, counts[1] / (double) n, 0.015);
        a.reset();
        assertEquals(seqB[0], a.choose(P, 3));
    }
}
