package org.netllm.testbed.vp.service;

/** One predicted viewport: t = t_last + k·0.2 s, angles in degrees (docs/reference/abr.md §5.2). */
public record PredictedPoint(double t, double roll, double pitch, double yaw) {
}
