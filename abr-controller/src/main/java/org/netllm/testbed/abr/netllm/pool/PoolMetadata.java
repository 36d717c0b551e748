package org.netllm.testbed.abr.netllm.pool;

import java.util.List;

/**
 * How a pool was collected and the statistics the decision transformer's returns are expressed in
 * (docs/reference/abr.md §4.3, §7.5), stored with the pool so training need not recompute them.
 *
 * @param policies          baseline registry names, in collection order
 * @param traces            trace folder (as given)
 * @param traceNames        trace file names used, in plan order of the first episode round
 * @param video             video name
 * @param seed              base seed of trace shuffling, start pointers, noise and sampling
 * @param fixed             no shuffle / no noise (true only if asked)
 * @param episodesPerTrace  episodes per (policy, trace)
 * @param episodes          complete episodes stored
 * @param transitions       N
 * @param minReward         min raw reward (λ = 4.3)
 * @param maxReward         max raw reward
 * @param maxReturn         max return-to-go (γ = 1, scale {@link #returnScale}) over the pool
 * @param returnScale       scale used for {@code maxReturn} (1000)
 * @param maxTimestep       largest per-episode timestep (46 for 48-chunk episodes)
 */
public record PoolMetadata(List<String> policies, String traces, List<String> traceNames, String video, long seed,
        boolean fixed, int episodesPerTrace, int episodes, int transitions, double minReward, double maxReward,
        double maxReturn, double returnScale, int maxTimestep) {

    public PoolMetadata {
        policies = List.copyOf(policies);
        traceNames = List.copyOf(traceNames);
    }
}
