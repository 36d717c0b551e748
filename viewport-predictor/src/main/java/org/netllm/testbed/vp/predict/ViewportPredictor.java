package org.netllm.testbed.vp.predict;

/**
 * Predicts the next {@code horizon} viewports from a 5 Hz history. Input (hw, 3) and output
 * (horizon, 3) are degrees (roll, pitch, yaw). Implementations must be safe for concurrent calls.
 */
public interface ViewportPredictor {
    double[][] predict(double[][] history, int horizon);
}
