package org.netllm.testbed.server;

import org.netllm.testbed.netem.DeliverySchedule;
import org.netllm.testbed.netem.LinkEmulator;

/**
 * Test link: a FIFO drained at a constant byte rate, one part per millisecond, plus a fixed
 * one-way delay. Simple enough to compute expected transfer times by hand.
 */
public final class ConstantRateLink implements LinkEmulator {

    private static final long NANOS_PER_MS = 1_000_000L;
    private final long bytesPerMs;
    private final long delayNanos;
    private long busyUntilNanos;
    private DeliverySchedule last;
    private long lastStartNanos;

    public ConstantRateLink(long bytesPerMs, long delayMs) {
        this.bytesPerMs = bytesPerMs;
        this.delayNanos = delayMs * NANOS_PER_MS;
    }

    @Override
    public String describe() {
        return "constant(" + bytesPerMs + " B/ms, delay=" + delayNanos / NANOS_PER_MS + "ms)";
    }

    @Override
    public long uplinkDelayNanos() {
        return delayNanos;
    }

    @Override
    public synchronized DeliverySchedule enqueueDownlink(long enqueueNanos, long bytes) {
        long start = Math.max(enqueueNanos, busyUntilNanos);
        int parts = (int) ((bytes + bytesPerMs - 1) / bytesPerMs);
        long[] at = new long[parts];
        long[] cum = new long[parts];
        for (int i = 0; i < parts; i++) {
            at[i] = start + (i + 1) * NANOS_PER_MS + delayNanos;
            cum[i] = Math.min(bytes, (i + 1) * bytesPerMs);
        }
        busyUntilNanos = start + parts * NANOS_PER_MS;
        last = new DeliverySchedule(at, cum);
        lastStartNanos = start;
        return last;
    }

    /** As the built-in link: only the last response leaves the queue; the parts not yet due are dropped. */
    @Override
    public synchronized long cancelDownlink(DeliverySchedule schedule, long nowNanos) {
        if (schedule != last) {
            return 0;
        }
        last = null;
        int due = 0;
        while (due < schedule.parts() && schedule.atNanos()[due] <= nowNanos) {
            due++;
        }
        busyUntilNanos = lastStartNanos + due * NANOS_PER_MS;
        return schedule.totalBytes() - schedule.deliveredBy(nowNanos);
    }

    @Override
    public String toString() {
        return describe();
    }
}
