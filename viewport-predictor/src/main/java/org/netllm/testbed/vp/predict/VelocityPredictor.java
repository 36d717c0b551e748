package org.netllm.testbed.vp.predict;

import org.netllm.testbed.vp.data.Axis;

/**
 * NetLLM's "Velocity" baseline (docs/reference/vp.md §3.2): v = (x_last − x_first)/(hw − 1) per axis,
 * prediction_k = x_last + k·v. Computed for every sample (not the repo's first-of-batch quirk).
 */
public final class VelocityPredictor implements ViewportPredictor {

    @Override
    public double[][] predict(double[][] history, int horizon) {
        int n = history.length;
        if (n < 2) {
            throw new IllegalArgumentException("Velocity needs at least 2 history samples, got " + n);
        }
        double[] last = history[n - 1];
        double[][] out = new double[horizon][Axis.COUNT];
        for (int a = 0; a < Axis.COUNT; a++) {
            double v = (last[a] - history[0][a]) / (n - 1);
            for (int k = 1; k <= horizon; k++) {
                out[k - 1][a] = last[a] + k * v;
            }
        }
        return out;
    }
}
