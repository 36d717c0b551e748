package org.netllm.testbed.vp.eval;

/** One scored sample: §2's MAE of its pw predictions and the per-axis means, and the request latency. */
public record SampleError(String method, int video, int user, int anchor,
                          double maeDeg, double rollDeg, double pitchDeg, double yawDeg, double latencyMs) {
}
