package org.netllm.testbed.vp.metric;

/**
 * The per-element error of NetLLM's MAE (docs/reference/vp.md §2): min(|g−p|, |g+360−p|, |g−360−p|),
 * applied to roll, pitch and yaw alike, with a single ±360 shift.
 */
public final class AngularError {
    public static final double FULL_TURN_DEG = 360.0;

    private AngularError() {
    }

    public static double of(double groundTruth, double prediction) {
        double d = Math.abs(groundTruth - prediction);
        double up = Math.abs(groundTruth + FULL_TURN_DEG - prediction);
        double down = Math.abs(groundTruth - FULL_TURN_DEG - prediction);
        return Math.min(d, Math.min(up, down));
    }
}
