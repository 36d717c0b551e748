package org.netllm.testbed.netllm.adapt.train;

/**
 * Return-to-go targets of the decision-transformer dataset (docs/reference/abr.md §4.3,
 * {@code N:plm_special/data/dataset.py}): every raw reward is min–max normalised with the pool-wide
 * extremes, returns are discounted sums to the end of each episode (episodes end at {@code done}),
 * then divided by the scale.
 */
public final class ReturnsToGo {

    /** {@code --gamma} default: undiscounted returns. */
    public static final double DEFAULT_GAMMA = 1.0;
    /** {@code --scale} argparse default in {@code N:run_plm.py} (the class default 10 is overridden). */
    public static final double DEFAULT_SCALE = 1000.0;

    private ReturnsToGo() {
    }

    /** r' = (r − min)/(max − min) for every reward. */
    public static double[] normalise(float[] rewards, double min, double max) {
        if (!(max > min)) {
            throw new IllegalArgumentException("max reward " + max + " must exceed min reward " + min);
        }
        double[] out = new double[rewards.length];
        for (int i = 0; i < rewards.length; i++) {
            out[i] = (rewards[i] - min) / (max - min);
        }
        return out;
    }

    /**
     * R_t = Σ_{i ≥ t, same episode} γ^{i−t} r'_i / scale. Transitions after the last {@code done}
     * form an unfinished episode whose returns run to the end of the pool.
     */
    public static double[] compute(float[] rewards, boolean[] dones, double min, double max, double gamma,
            double scale) {
        if (rewards.length != dones.length) {
            throw new IllegalArgumentException(rewards.length + " rewards but " + dones.length + " done flags");
        }
        double[] norm = normalise(rewards, min, max);
        double[] out = new double[norm.length];
        double acc = 0;
        for (int i = norm.length - 1; i >= 0; i--) {
            if (dones[i]) {
                acc = 0; // i is the last step of its episode
            }
            acc = norm[i] + gamma * acc;
            out[i] = acc;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= scale;
        }
        return out;
    }

    /**
     * Timestep of every transition within its episode: 0 after each {@code done} (and at the start),
     * counting up.
     */
    public static int[] timesteps(boolean[] dones) {
        int[] t = new int[dones.length];
        int k = 0;
        for (int i = 0; i < dones.length; i++) {
            t[i] = k;
            k = dones[i] ? 0 : k + 1;
        }
        return t;
    }
}
