package org.netllm.testbed.abr.algo.bench;

import java.util.Arrays;

/**
 * Decision-latency percentiles of one algorithm, microseconds.
 *
 * @param algorithm registry name
 * @param samples   decisions timed
 */
public record LatencyStats(String algorithm, int samples, double p50Us, double p99Us, double maxUs) {

    private static final double NS_PER_US = 1000.0;

    /** Nearest-rank percentiles of {@code nanos} (sorted in place). */
    public static LatencyStats of(String algorithm, long[] nanos, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("no latency samples for " + algorithm);
        }
        Arrays.sort(nanos, 0, count);
        return new LatencyStats(algorithm, count, rank(nanos, count, 0.50) / NS_PER_US,
                rank(nanos, count, 0.99) / NS_PER_US, nanos[count - 1] / NS_PER_US);
    }

    private static long rank(long[] sorted, int count, double p) {
        int idx = (int) Math.ceil(p * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, idx))];
    }
}
