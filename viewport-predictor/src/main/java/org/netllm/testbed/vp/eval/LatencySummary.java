package org.netllm.testbed.vp.eval;

import java.util.Arrays;

/** Nearest-rank percentiles of request latencies in milliseconds. */
public record LatencySummary(double p50, double p99, double max, int count) {

    public static LatencySummary of(double[] ms) {
        if (ms.length == 0) {
            return new LatencySummary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] s = ms.clone();
        Arrays.sort(s);
        return new LatencySummary(rank(s, 0.50), rank(s, 0.99), s[s.length - 1], s.length);
    }

    /** Nearest rank: the smallest value with at least q of the values at or below it. */
    static double rank(double[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
