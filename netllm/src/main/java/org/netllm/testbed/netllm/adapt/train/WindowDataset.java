package org.netllm.testbed.netllm.adapt.train;

import java.util.Random;

/**
 * NetLLM's {@code ExperienceDataset} windows (docs/reference/abr.md §7.4): slices of w consecutive
 * transitions of the <b>concatenated</b> pool starting at 0, s, 2s, … ≤ N − w with
 * s = min(sampleStep, w); windows may straddle episode boundaries (timesteps restart inside). Each
 * transition carries its return-to-go (docs/reference/abr.md §4.3) and its timestep within its episode.
 *
 * @param returns   (N) processed return-to-go of every transition
 * @param timesteps (N) timestep within the episode
 * @param window    w
 * @param starts    window start indices
 */
public record WindowDataset(double[] returns, int[] timesteps, int window, int[] starts) {

    /**
     * @param rewards    raw rewards (N)
     * @param dones      episode ends (N)
     * @param minReward  pool-wide min used for normalisation
     * @param maxReward  pool-wide max
     * @param scale      return divisor (1000)
     * @param window     w
     * @param sampleStep stride request; the stride is min(sampleStep, w)
     */
    public static WindowDataset build(float[] rewards, boolean[] dones, double minReward, double maxReward,
            double scale, int window, int sampleStep) {
        if (window < 1 || sampleStep < 1) {
            throw new IllegalArgumentException("window and sample step must be >= 1, got " + window + ", " + sampleStep);
        }
        int n = rewards.length;
        if (n < window) {
            throw new IllegalArgumentException("pool of " + n + " transitions is shorter than the window w = " + window);
        }
        double[] returns = ReturnsToGo.compute(rewards, dones, minReward, maxReward, ReturnsToGo.DEFAULT_GAMMA, scale);
        int[] timesteps = ReturnsToGo.timesteps(dones);
        int stride = Math.min(sampleStep, window);
        int count = (n - window) / stride + 1;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = i * stride;
        }
        return new WindowDataset(returns, timesteps, window, starts);
    }

    public int size() {
        return starts.length;
    }

    /** Largest timestep in the pool (sizes the timestep table: rows = max + 1 at least). */
    public int maxTimestep() {
        int m = 0;
        for (int t : timesteps) {
            m = Math.max(m, t);
        }
        return m;
    }

    /**
     * Window visiting order of one epoch: a permutation that depends only on (seed, epoch), so a
     * resumed run continues with the same order (DataLoader shuffle=True).
     */
    public int[] epochOrder(long seed, int epoch) {
        int[] order = new int[starts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random rnd = new Random(seed * 1_000_003L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
