package org.netllm.testbed.vp.service;

/** §5.3 reply: docs/reference/abr.md §2's MAE over the steps and the three axes, and the per-axis means, in degrees. */
public record EvaluateResponse(double maeDeg, double rollDeg, double pitchDeg, double yawDeg, int steps) {
}
