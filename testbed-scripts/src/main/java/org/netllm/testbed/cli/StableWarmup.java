package org.netllm.testbed.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleSupplier;

/**
 * Warm-up that lasts until the figure is stable rather than for a fixed time: a bench figure taken right
 * after a short fixed warm-up can still be running interpreted or C1 code (seen: 3–4.5 M simulator steps/s
 * after 2 s against 30 M after 6 s on a loaded 2-core machine). Runs measurement windows until the last
 * {@code windows} rates lie within {@code tolerance} of each other (max ÷ min − 1), or {@code maxSeconds} pass.
 *
 * @param windows    consecutive windows that must agree (≥ 2)
 * @param tolerance  allowed spread, e.g. 0.05 for 5 %
 * @param minSeconds warm-up never shorter than this
 * @param maxSeconds warm-up never longer than this (the result then says it did not settle)
 */
public record StableWarmup(int windows, double tolerance, double minSeconds, double maxSeconds) {

    /** Defaults for the benches: 3 one-second windows within 5 %, at least 3 s, at most 60 s. */
    public static final StableWarmup DEFAULT = new StableWarmup(3, 0.05, 3, 60);

    public StableWarmup {
        if (windows < 2 || !(tolerance > 0) || minSeconds < 0 || maxSeconds < minSeconds) {
            throw new IllegalArgumentException("warm-up needs windows >= 2, tolerance > 0 and 0 <= min <= max seconds");
        }
    }

    /** What the warm-up did. */
    public record Result(boolean stable, int windowsRun, double seconds, double lastRate) {
        /** One line for the bench output. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "warm-up %.1f s, %d windows, %s", seconds, windowsRun,
                    stable ? "stable" : "NOT stable (hit the time limit; figures may be low)");
        }
    }

    /**
     * @param window runs one measurement window and returns its rate
     * @param clock  seconds since an arbitrary origin (System.nanoTime in the benches, scripted in tests)
     */
    public Result run(DoubleSupplier window, DoubleSupplier clock) {
        double start = clock.getAsDouble();
        Deque<Double> last = new ArrayDeque<>();
        int n = 0;
        while (true) {
            double rate = window.getAsDouble();
            n++;
            last.addLast(rate);
            if (last.size() > windows) {
                last.removeFirst();
            }
            double elapsed = clock.getAsDouble() - start;
            boolean settled = last.size() == windows && spread(last) <= tolerance;
            if ((settled && elapsed >= minSeconds) || elapsed >= maxSeconds) {
                return new Result(settled, n, elapsed, rate);
            }
        }
    }

    private static double spread(Deque<Double> rates) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double r : rates) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return min > 0 ? max / min - 1 : Double.POSITIVE_INFINITY;
    }
}
