package org.netllm.testbed.vp.predict;

/** Sanity baseline (docs/reference/vp.md §3.4): every future viewport equals the last history viewport. */
public final class RepeatLastPredictor implements ViewportPredictor {

    @Override
    public double[][] predict(double[][] history, int horizon) {
        if (history.length < 1) {
            throw new IllegalArgumentException("repeat-last needs at least 1 history sample");
        }
        double[][] out = new double[horizon][];
        for (int k = 0; k < horizon; k++) {
            out[k] = history[history.length - 1].clone();
        }
        return out;
    }
}
