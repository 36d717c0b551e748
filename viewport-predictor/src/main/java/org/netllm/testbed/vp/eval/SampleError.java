package org.netllm.testbed.vp.eval;

/** One scored sample: docs/reference/abr.md §2's MAE of its pw predictions and the per-axis means, and the request latency. */
public record SampleError(String method, int video, int user, int anchor,
                          double maeDeg, double rollDeg, double pitchDeg, double yawDeg, double latencyMs) {

    /** The same record with latency zeroed: what must agree between the offline and HTTP modes. */
    public SampleError withoutLatency() {
        return new SampleError(method, video, user, anchor, maeDeg, rollDeg, pitchDeg, yawDeg, 0.0);
    }
}
