package org.netllm.testbed.netem;

import java.util.Arrays;
import org.netllm.testbed.traces.MahimahiTrace;

/**
 * The looped delivery-opportunity timeline of a Mahimahi trace, indexed for O(log n) lookup.
 * Opportunity g (a global index over all loops) is line {@code g mod L} of loop {@code g div L}
 * and opens at {@code (g div L)·P + d[g mod L]} ms, where L is the number of lines and P the
 * period (last timestamp; docs/reference/abr.md §2.3). Because d is non-decreasing and d[L−1] = P ≥ d[0],
 * opening times never decrease with g.
 *
 * <p>Lines sharing a millisecond form a <em>group</em>; per period we keep each group's
 * millisecond and the index one past its last line, so a schedule walks groups (distinct
 * milliseconds) instead of single packets.
 */
final class DeliveryOpportunities {

    private final long[] lineMs;      // d, one per trace line
    private final long periodMs;      // P
    private final int lines;          // L
    private final long[] groupMs;     // distinct milliseconds of one period, ascending
    private final int[] groupEnd;     // groupEnd[j] = index (within the period) one past group j's last line

    DeliveryOpportunities(MahimahiTrace trace) {
        this.lineMs = trace.deliveryMs().clone();
        this.lines = lineMs.length;
        this.periodMs = trace.periodMs();
        long[] ms = new long[lines];
        int[] end = new int[lines];
        int groups = 0;
        for (int i = 0; i < lines; i++) {
            if (groups > 0 && ms[groups - 1] == lineMs[i]) {
                end[groups - 1] = i + 1;
            } else {
                ms[groups] = lineMs[i];
                end[groups] = i + 1;
                groups++;
            }
        }
        this.groupMs = Arrays.copyOf(ms, groups);
        this.groupEnd = Arrays.copyOf(end, groups);
    }

    long periodMs() {
        return periodMs;
    }

    int linesPerPeriod() {
        return lines;
    }

    /** Opening time in ms of global opportunity {@code g}. */
    long openMs(long g) {
        return (g / lines) * periodMs + lineMs[(int) (g % lines)];
    }

    /** Smallest global opportunity index whose opening time is ≥ {@code ms} (ms ≥ 0). */
    long firstAtOrAfter(long ms) {
        // the first loop whose last opportunity (n·P + P) is not before ms; loop n−1's lines at P
        // open at the same instant as loop n's lines at 0 and come first
        long loop = Math.max(0, (ms + periodMs - 1) / periodMs - 1);
        return loop * lines + lowerBound(lineMs, ms - loop * periodMs);
    }

    /** Index (within the period) of the group that holds in-period line {@code i}. */
    int groupOfLine(int i) {
        int lo = 0;
        int hi = groupEnd.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (groupEnd[mid] > i) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    int groups() {
        return groupMs.length;
    }

    long groupMs(int j) {
        return groupMs[j];
    }

    int groupEnd(int j) {
        return groupEnd[j];
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
