package org.netllm.testbed.cjs.eval;

/**
 * Outcome of one simulated episode (docs/reference/cjs.md §1.10): per-job JCT in seconds (job id
 * order), their mean and 90th percentile (numpy's linear interpolation), the number of env steps,
 * and per-decision policy latencies in nanoseconds.
 */
public record EpisodeResult(String scheduler, int jobs, int executors, long seed, double[] jobDurationsSec,
        double avgJctSec, double p90JctSec, long decisions, long[] decisionNanos, double wallTimeSec) {

    /** numpy.percentile(values, q) with the default linear interpolation. */
    public static double percentile(double[] values, double q) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        double pos = q / 100.0 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        double frac = pos - lo;
        return v[lo] + (v[hi] - v[lo]) * frac;
    }

    public static double mean(double[] values) {
        double s = 0;
        for (double x : values) {
            s += x;
        }
        return s / values.length;
    }
}
