package org.netllm.testbed.cjs.service;

import java.util.List;

/**
 * JSON bodies of the CJS endpoint (docs/reference/cjs.md §7). Field names are the wire names.
 */
public final class CjsApi {

    private CjsApi() {
    }

    /** One active stage of a job: unstarted tasks, most recent task duration (ms), schedulable flag. */
    public record StageJson(Integer remainingTasks, Double mostRecentDurationMs, Boolean schedulable) {
    }

    /**
     * One active job: its active stages in stage-id order, its edges as (parent, child) indices
     * into {@code stages}, and its executor supply.
     */
    public record JobJson(List<StageJson> stages, List<List<Integer>> edges, Integer supply) {
    }

    /**
     * A decision-point observation (§3.1): active jobs in arrival order, committable executors at
     * the source, the source job's index (or jobs.size() for the common pool) and N.
     */
    public record ObservationJson(List<JobJson> jobs, Integer numCommittable, Integer sourceJobIdx, Integer numExecutors) {
    }

    /**
     * {@code POST /api/cjs/decide}: policy name, optional episode id (stateful policies keep their
     * random stream per episode), the seed that starts an episode's stream, the observation, and the
     * env reward of the step since the episode's previous decision (§1.9; NetLLM-CJS needs it from the
     * second decision on to update its target return, §5.7).
     */
    public record DecideRequest(String policy, String episodeId, Long seed, ObservationJson observation, Double reward) {

        /** A request without a reward (first decision, or a policy that ignores rewards). */
        public DecideRequest(String policy, String episodeId, Long seed, ObservationJson observation) {
            this(policy, episodeId, seed, observation, null);
        }
    }

    /** stageIdx among schedulable stages (−1 = none), numExec in 1..N. */
    public record DecideResponse(int stageIdx, int numExec) {
    }

    /** {@code POST /api/cjs/episode}: simulator settings and the policy. Nulls take the §1.2 defaults. */
    public record EpisodeRequest(String policy, Integer numExecutors, Integer jobCap, Double arrivalRate,
            Double movingDelayMs, Double warmupDelayMs, Long seed) {
    }

    public record EpisodeResponse(double avgJctSec, double p90JctSec, double[] jobDurationsSec, long decisions) {
    }

    /** 4xx body: the offending field and what is wrong with it. */
    public record ErrorJson(String field, String error) {
    }
}
