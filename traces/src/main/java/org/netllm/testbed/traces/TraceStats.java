package org.netllm.testbed.traces;

/**
 * Per-file summary with the meaning of {@code traces/manifest.csv}'s columns.
 *
 * @param name      file name
 * @param format    file format
 * @param lines     number of data lines
 * @param durationS cooked: last minus first time; Mahimahi: loop period
 * @param meanMbps  cooked: rates weighted by their interval length (t[i-1], t[i]], so sample 0 does
 *                  not count (docs/reference/abr.md §2.2); Mahimahi: lines × 12 000 bit ÷ period
 * @param minMbps   cooked: smallest sample (sample 0 included, as in the manifest); Mahimahi:
 *                  slowest 1 s bin of {@link TraceConverter#toCooked(MahimahiTrace)}
 * @param maxMbps   as {@code minMbps}, largest
 */
public record TraceStats(String name, TraceFormat format, int lines, double durationS,
                         double meanMbps, double minMbps, double maxMbps) {

    public static TraceStats of(CookedTrace trace) {
        double[] t = trace.timesS();
        double[] r = trace.mbps();
        double weighted = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            if (i > 0) {
                weighted += r[i] * (t[i] - t[i - 1]);
            }
            min = Math.min(min, r[i]);
            max = Math.max(max, r[i]);
        }
        return new TraceStats(trace.name(), TraceFormat.COOKED, trace.size(), trace.durationS(),
                weighted / trace.durationS(), min, max);
    }

    public static TraceStats of(MahimahiTrace trace) {
        CookedTrace bins = TraceConverter.toCooked(trace);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < bins.size(); i++) {
            min = Math.min(min, bins.mbps()[i]);
            max = Math.max(max, bins.mbps()[i]);
        }
        return new TraceStats(trace.name(), TraceFormat.MAHIMAHI, trace.deliveryMs().length,
                trace.periodMs() / TraceConverter.MS_PER_S, trace.meanMbps(), min, max);
    }
}
