package org.netllm.testbed.netllm.adapt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Returns, timesteps and window starts against a hand example (docs/reference/abr.md §4.3, §7.4). */
class WindowDatasetTest {

    // two episodes: rewards 1,2,3 | 4,5 ; min 1, max 5 → r' = 0, .25, .5 | .75, 1
    private static final float[] REWARDS = {1, 2, 3, 4, 5};
    private static final boolean[] DONES = {false, false, true, false, true};

    @Test
    void returnsAreNormalisedEpisodeSumsOverScale() {
        double[] r = ReturnsToGo.compute(REWARDS, DONES, 1, 5, 1.0, 10);
        assertArrayEquals(new double[] {0.075, 0.075, 0.05, 0.175, 0.1}, r, 1e-12);
        double[] discounted = ReturnsToGo.compute(REWARDS, DONES, 1, 5, 0.5, 1);
        assertArrayEquals(new double[] {0 + 0.5 * (0.25 + 0.5 * 0.5), 0.25 + 0.5 * 0.5, 0.5, 0.75 + 0.5, 1}, discounted, 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, ReturnsToGo.timesteps(DONES));
    }

    @Test
    void windowsStrideOverTheConcatenatedPool() {
        WindowDataset d = WindowDataset.build(REWARDS, DONES, 1, 5, 1000, 2, 2);
        assertArrayEquals(new int[] {0, 2}, d.starts()); // 0, 2 ≤ N − w = 3; window 2 straddles the boundary
        assertArrayEquals(new int[] {0, 1, 2, 3}, WindowDataset.build(REWARDS, DONES, 1, 5, 1000, 2, 1).starts());
        assertArrayEquals(new int[] {0, 2}, WindowDataset.build(REWARDS, DONES, 1, 5, 1000, 2, 7).starts()); // min(step, w)
        assertEquals(2, d.maxTimestep());
        assertArrayEquals(new double[] {0.00075, 0.00075, 0.0005, 0.00175, 0.001}, d.returns(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> WindowDataset.build(REWARDS, DONES, 1, 5, 1000, 6, 1));
    }

    @Test
    void epochOrderIsAPermutationFixedBySeedAndEpoch() {
        WindowDataset d = WindowDataset.build(new float[100], new boolean[100], -1, 1, 1000, 1, 1);
        int[] a = d.epochOrder(7, 3);
        assertArrayEquals(a, d.epochOrder(7, 3));
        assertNotEquals(Arrays.toString(a), Arrays.toString(d.epochOrder(7, 4)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }
}
