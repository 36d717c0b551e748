package org.netllm.testbed.traces;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Mahimahi link trace: each entry is a millisecond timestamp at which one 1500-byte packet may
 * leave the bottleneck. Repeated values mean several packets in that millisecond. mm-link replays
 * the trace in a loop with period {@link #periodMs()} (docs/reference/abr.md §2.3).
 *
 * @param name       file name without directory
 * @param deliveryMs non-decreasing, non-negative delivery opportunities in ms
 */
public record MahimahiTrace(String name, long[] deliveryMs) {

    /** Bytes one delivery opportunity carries (mm-link's MTU-sized packet). */
    public static final int PACKET_BYTES = 1500;

    public MahimahiTrace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deliveryMs, "deliveryMs");
        if (deliveryMs.length == 0) {
            throw new IllegalArgumentException("mahimahi trace " + name + " is empty");
        }
    }

    /** Loop period: mm-link wraps after the last timestamp (at least 1 ms, e.g. the "12mbps" file "1"). */
    public long periodMs() {
        return Math.max(1, deliveryMs[deliveryMs.length - 1]);
    }

    /** Mean rate over one period in Mbit/s: lines × 12 000 bit ÷ period ms × 1e-3. */
    public double meanMbps() {
        return deliveryMs.length * (PACKET_BYTES * 8.0) / periodMs() / 1000.0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MahimahiTrace t && name.equals(t.name) && Arrays.equals(deliveryMs, t.deliveryMs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(deliveryMs));
    }

    @Override
    public String toString() {
        return "MahimahiTrace[" + name + ", " + deliveryMs.length + " packets, period " + periodMs() + " ms]";
    }
}
