package org.netllm.testbed.netllm.adapt;

/**
 * The experience-pool statistics a decision transformer's returns are expressed in
 * (docs/reference/abr.md §4.3, §7.6). They are recomputed from the pool in the original code and not saved
 * with its checkpoint, so our checkpoint config records them.
 *
 * @param minReward   pool-wide minimum raw reward
 * @param maxReward   pool-wide maximum raw reward
 * @param maxReturn   largest processed return-to-go in the pool (initial target return)
 * @param maxTimestep largest timestep in the pool (46 for 47 transitions per episode)
 * @param scale       returns are divided by this (--scale, default 1000)
 */
public record ReturnNormalisation(double minReward, double maxReward, double maxReturn, int maxTimestep, double scale) {

    public ReturnNormalisation {
        if (!(maxReward > minReward)) {
            throw new IllegalArgumentException("max_reward (" + maxReward + ") must be > min_reward (" + minReward + ")");
        }
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        if (maxTimestep < 0) {
            throw new IllegalArgumentException("max_timestep must be >= 0, got " + maxTimestep);
        }
        if (!Double.isFinite(maxReturn)) {
            throw new IllegalArgumentException("max_return must be finite, got " + maxReturn);
        }
    }

    /** process_reward: clamp to [min, max], min–max normalise, divide by scale (docs/reference/abr.md §4.3). */
    public double process(double rawReward) {
        double r = Math.min(Math.max(rawReward, minReward), maxReward);
        return (r - minReward) / (maxReward - minReward) / scale;
    }

    /** Initial target return G = max_return × target_return_scale (docs/reference/abr.md §7.6). */
    public double initialTarget(double targetReturnScale) {
        return maxReturn * targetReturnScale;
    }
}
