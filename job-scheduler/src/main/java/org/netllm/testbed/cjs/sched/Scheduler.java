package org.netllm.testbed.cjs.sched;

import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;

/**
 * A scheduling policy: raw observation → raw action at a decision point
 * (docs/reference/cjs.md §3). Policies that sample use the episode's CPython {@code random}
 * stream, handed over by the caller at {@link #startEpisode}.
 */
public interface Scheduler {

    String name();

    /** Called once per episode before the first decision. */
    default void startEpisode(org.netllm.testbed.netllm.rng.PythonRandom random) {
    }

    Action schedule(Observation obs);

    /**
     * The env reward of the step that followed the last {@link #schedule} (−job·ms accrued, §1.9). Policies
     * conditioned on the return (NetLLM-CJS, §5.7) update their target with it; the default ignores it.
     */
    default void observeReward(double reward) {
    }

    /** Whether {@link #observeReward} matters, so callers behind an endpoint must supply the reward. */
    default boolean usesRewards() {
        return false;
    }
}
