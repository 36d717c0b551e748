package org.netllm.testbed.abr.algo.mpc;

import static org.netllm.testbed.abr.state.StateNormalisation.ROW_THROUGHPUT;

import org.netllm.testbed.abr.state.PensieveState;

/**
 * MPC's bandwidth prediction (docs/reference/abr.md §6.2 steps 1–3), GENET emulator semantics: harmonic
 * mean of the state's row 2 (MB/s) over its last {@link #WINDOW} columns with leading zeros
 * dropped, optionally divided by 1 + the largest of the last {@link #WINDOW} relative prediction
 * errors. Per session; allocation-free.
 */
final class ThroughputEstimator {

    /** Past throughputs averaged and past errors maxed over (GENET: state[2, -5:], past_errors[-5:]). */
    static final int WINDOW = 5;

    private final boolean robust;
    private final double[] errors = new double[WINDOW];
    private int errorCount;
    private int errorHead;
    private boolean hasEstimate;
    private double lastEstimate;

    ThroughputEstimator(boolean robust) {
        this.robust = robust;
    }

    void reset() {
        errorCount = 0;
        errorHead = 0;
        hasEstimate = false;
        lastEstimate = 0.0;
    }

    /** The undiscounted estimate of the previous call (GENET logs it as future_bandwidth); 0 if none. */
    double lastEstimate() {
        return lastEstimate;
    }

    /**
     * One prediction step on the already-updated state: returns the bandwidth F (MB/s) MPC plans
     * with, or 0 when the state holds no throughput sample yet.
     */
    double predict(PensieveState state) {
        int sLen = state.sLen();
        double now = state.last(ROW_THROUGHPUT);
        if (now <= 0.0) {
            return 0.0;
        }
        // step 1: relative error of the previous (undiscounted) estimate against this chunk
        double error = hasEstimate ? Math.abs(lastEstimate - now) / now : 0.0;
        errors[errorHead] = error;
        errorHead = (errorHead + 1) % WINDOW;
        errorCount = Math.min(errorCount + 1, WINDOW);

        // step 2: harmonic mean of the last 5 columns after dropping leading zeros, summed oldest
        // first as numpy does: H = 1 / (Σ(1/x) / n)
        int from = Math.max(0, sLen - WINDOW);
        while (state.get(ROW_THROUGHPUT, from) == 0.0) {
            from++; // terminates: the last column is > 0 (checked above)
        }
        double reciprocalSum = 0.0;
        for (int c = from; c < sLen; c++) {
            reciprocalSum += 1.0 / state.get(ROW_THROUGHPUT, c);
        }
        double harmonic = 1.0 / (reciprocalSum / (sLen - from));

        // step 3: the history keeps H, the plan uses the discounted value
        hasEstimate = true;
        lastEstimate = harmonic;
        if (!robust) {
            return harmonic;
        }
        double maxError = 0.0;
        for (int i = 0; i < errorCount; i++) {
            maxError = Math.max(maxError, errors[i]);
        }
        return harmonic / (1.0 + maxError);
    }
}
