package org.netllm.testbed.abr.netllm.pool;

import org.netllm.testbed.abr.netllm.AbrDtLayout;

/**
 * NetLLM's experience pool (docs/reference/abr.md §7.5): four parallel arrays over N transitions — the
 * 6×6 state that chose the quality, the quality, the raw reward (λ = 4.3) of the chunk fetched at
 * it, and whether that chunk ended the episode — plus how it was collected.
 *
 * @param states   (N, 6, 6) row-major float32
 * @param actions  (N) quality indices 0..5
 * @param rewards  (N) raw per-chunk rewards
 * @param dones    (N) end of episode
 * @param metadata collection settings and statistics
 */
public record ExperiencePool(float[] states, int[] actions, float[] rewards, boolean[] dones, PoolMetadata metadata) {

    /** Floats per state: 6 × 6. */
    public static final int STATE_SIZE = AbrDtLayout.STATE_ROWS * AbrDtLayout.STATE_COLS;

    public ExperiencePool {
        int n = actions.length;
        if (states.length != (long) n * STATE_SIZE || rewards.length != n || dones.length != n) {
            throw new IllegalArgumentException("pool arrays disagree: " + states.length / STATE_SIZE + " states, " + n
                    + " actions, " + rewards.length + " rewards, " + dones.length + " dones");
        }
        for (int i = 0; i < n; i++) {
            if (actions[i] < 0 || actions[i] >= AbrDtLayout.ACTION_DIM) {
                throw new IllegalArgumentException("pool action " + i + " is " + actions[i] + ", outside 0.."
                        + (AbrDtLayout.ACTION_DIM - 1));
            }
            if (!Float.isFinite(rewards[i])) {
                throw new IllegalArgumentException("pool reward " + i + " is not finite: " + rewards[i]);
            }
        }
        for (float v : states) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("pool states hold a non-finite value: " + v);
            }
        }
    }

    public int size() {
        return actions.length;
    }

    /** State i as [row][col] (a copy). */
    public float[][] state(int i) {
        float[][] s = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
        int base = i * STATE_SIZE;
        for (int r = 0; r < AbrDtLayout.STATE_ROWS; r++) {
            System.arraycopy(states, base + r * AbrDtLayout.STATE_COLS, s[r], 0, AbrDtLayout.STATE_COLS);
        }
        return s;
    }
}
