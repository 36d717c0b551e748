package org.netllm.testbed.vp.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Brings a client's history to NetLLM's 5 Hz grid with the datasets' own rule (docs/reference/vp.md
 * §1.2, §5.1): ticks at t0, t0+0.2, t0+0.4, … s from the first sample; a raw sample is kept when its time
 * is at or after the next tick, and keeping it advances the tick by one step. No interpolation, so a
 * stream that is already 5 Hz passes through unchanged, and a gap does not duplicate samples. Rows
 * whose time goes backwards (below the latest time seen) are dropped, as the spec asks.
 */
public final class Resampler {
    public static final double RATE_HZ = 5.0;
    public static final double STEP_S = 1.0 / RATE_HZ;
    /** A 5 Hz client's times k·0.2 computed in floating point may sit a few ulps below the tick. */
    static final double TICK_TOLERANCE_S = 1e-6;

    private Resampler() {
    }

    /** Result: kept rows (n, 4: t, roll, pitch, yaw) and the number dropped for going backwards. */
    public record Resampled(List<double[]> rows, int droppedBackwards) {
    }

    /** {@code rows} are (t, roll, pitch, yaw), already validated finite. */
    public static Resampled resample(List<double[]> rows) {
        List<double[]> kept = new ArrayList<>();
        int dropped = 0;
        if (rows.isEmpty()) {
            return new Resampled(kept, 0);
        }
        double t0 = rows.get(0)[0];
        double latest = Double.NEGATIVE_INFINITY;
        long tick = 0;
        for (double[] r : rows) {
            if (r[0] < latest) {
                dropped++;
                continue;
            }
            latest = r[0];
            if (r[0] - t0 >= tick * STEP_S - TICK_TOLERANCE_S) {
                kept.add(r);
                tick++;
            }
        }
        return new Resampled(kept, dropped);
    }
}
