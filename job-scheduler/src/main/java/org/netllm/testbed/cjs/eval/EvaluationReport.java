package org.netllm.testbed.cjs.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON written by {@code ./testbed cjs evaluate}: one row per episode (with every job's JCT,
 * for CDFs) plus one summary per
 * (scheduler, setting). Latencies are the policy's time per decision (observation in, action
 * out); decisions/s divides decisions by the episode's whole wall time (simulation included).
 */
public record EvaluationReport(String mode, String machine, @JsonProperty("stream_layout") String streamLayout,
        List<Run> runs, List<Summary> summaries) {

    public record Run(String scheduler, int jobs, int executors, long seed,
            @JsonProperty("avg_jct_s") double avgJctS, @JsonProperty("p90_jct_s") double p90JctS, long decisions,
            @JsonProperty("episode_wall_s") double episodeWallS, @JsonProperty("elapsed_s") double elapsedS,
            @JsonProperty("job_durations_s") double[] jobDurationsS) {
    }

    public record Summary(String scheduler, int jobs, int executors, int episodes,
            @JsonProperty("mean_avg_jct_s") double meanAvgJctS, @JsonProperty("mean_p90_jct_s") double meanP90JctS,
            @JsonProperty("mean_decisions") double meanDecisions,
            @JsonProperty("decision_latency_p50_ms") double latencyP50Ms,
            @JsonProperty("decision_latency_p99_ms") double latencyP99Ms,
            @JsonProperty("decisions_per_s") double decisionsPerS,
            @JsonProperty("episodes_per_s") double episodesPerS) {
    }
}
