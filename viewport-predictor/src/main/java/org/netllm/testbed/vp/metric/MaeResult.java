package org.netllm.testbed.vp.metric;

/** MAE in degrees over all elements, and per axis (roll, pitch, yaw); {@code samples} sequences scored. */
public record MaeResult(double maeDeg, double rollDeg, double pitchDeg, double yawDeg, long samples) {
}
