package org.netllm.testbed.vp.eval;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code summary.<method>} of the evaluation output: MAE in degrees, per axis, samples, endpoint latency. */
public record MethodSummary(
        @JsonProperty("mae_deg") double maeDeg,
        @JsonProperty("roll_mae_deg") double rollMaeDeg,
        @JsonProperty("pitch_mae_deg") double pitchMaeDeg,
        @JsonProperty("yaw_mae_deg") double yawMaeDeg,
        long samples,
        @JsonProperty("latency_ms") LatencySummary latencyMs) {
}
