package org.netllm.testbed.cjs.netllm;

import java.util.List;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.adapt.train.ReturnsToGo;

/**
 * The training view of an {@link ExperiencePool} (docs/reference/cjs.md §5.5): rewards min–max normalised over the
 * whole pool, undiscounted returns-to-go per episode divided by the scale, timesteps restarting at 0 each
 * episode, and windows of K steps starting at 0, K, 2K, … (stride K; a window may straddle an episode end).
 *
 * @param returns   R_t per transition
 * @param timesteps τ_t per transition
 * @param stats     r_min, r_max, max_return, max_timestep, scale (recorded in the checkpoint for inference)
 */
public record CjsDataset(List<Transition> transitions, double[] returns, int[] timesteps, ReturnNormalisation stats,
                         int window, int stride) {

    /** γ = 1 (§5.6). */
    public static final double GAMMA = ReturnsToGo.DEFAULT_GAMMA;
    public static final double SCALE = ReturnsToGo.DEFAULT_SCALE;

    public static CjsDataset of(ExperiencePool pool, int window, int stride) {
        List<Transition> t = pool.transitions();
        if (window < 1 || stride < 1) {
            throw new IllegalArgumentException("window and stride must be >= 1, got " + window + ", " + stride);
        }
        if (t.size() < window) {
            throw new IllegalArgumentException("the pool has " + t.size() + " transitions, fewer than one window of " + window);
        }
        float[] rewards = new float[t.size()];
        boolean[] dones = new boolean[t.size()];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = (float) t.get(i).reward();
            dones[i] = t.get(i).done();
            min = Math.min(min, rewards[i]);
            max = Math.max(max, rewards[i]);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("every reward in the pool is " + min + ": nothing to normalise against");
        }
        double[] rtg = ReturnsToGo.compute(rewards, dones, min, max, GAMMA, SCALE);
        int[] ts = ReturnsToGo.timesteps(dones);
        double maxReturn = Double.NEGATIVE_INFINITY;
        int maxT = 0;
        for (int i = 0; i < rtg.length; i++) {
            maxReturn = Math.max(maxReturn, rtg[i]);
            maxT = Math.max(maxT, ts[i]);
        }
        return new CjsDataset(t, rtg, ts, new ReturnNormalisation(min, max, maxReturn, maxT, SCALE), window, stride);
    }

    /** Start indices 0, stride, 2·stride, … ≤ size − window. */
    public int[] windowStarts() {
        int count = (transitions.size() - window) / stride + 1;
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = i * stride;
        }
        return s;
    }
}
