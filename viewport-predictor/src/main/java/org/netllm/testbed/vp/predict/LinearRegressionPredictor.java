package org.netllm.testbed.vp.predict;

import org.netllm.testbed.vp.data.Axis;

/**
 * NetLLM's "LR" baseline (docs/reference/vp.md §3.1): per axis, ordinary least squares with intercept
 * on (sample index 0..hw−1, angle); prediction_k = a + b·(hw − 1 + k). The repo's refit-per-step loop
 * reduces to this closed form because each appended point lies on the current line. No wrap handling.
 */
public final class LinearRegressionPredictor implements ViewportPredictor {

    @Override
    public double[][] predict(double[][] history, int horizon) {
        int n = history.length;
        if (n < 2) {
            throw new IllegalArgumentException("LR needs at least 2 history samples, got " + n);
        }
        double xMean = (n - 1) / 2.0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - xMean) * (i - xMean);
        }
        double[][] out = new double[horizon][Axis.COUNT];
        for (int a = 0; a < Axis.COUNT; a++) {
            double yMean = 0;
            for (double[] h : history) {
                yMean += h[a];
            }
            yMean /= n;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                sxy += (i - xMean) * (history[i][a] - yMean);
            }
            double slope = sxy / sxx;
            double intercept = yMean - slope * xMean;
            for (int k = 1; k <= horizon; k++) {
                out[k - 1][a] = intercept + slope * (n - 1 + k);
            }
        }
        return out;
    }
}
