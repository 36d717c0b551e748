package org.netllm.testbed.netem;

/**
 * When the parts of one response reach the receiver: after {@code atNanos[i]} the receiver may
 * have {@code cumulativeBytes[i]} bytes. Both arrays ascend; the last cumulative value equals the
 * enqueued length. Consecutive packets released in the same millisecond are coalesced.
 */
public record DeliverySchedule(long[] atNanos, long[] cumulativeBytes) {

    public DeliverySchedule {
        if (atNanos.length != cumulativeBytes.length) {
            throw new IllegalArgumentException("schedule arrays differ in length");
        }
    }

    /** The schedule of a zero-byte response: nothing to deliver. */
    public static DeliverySchedule empty() {
        return new DeliverySchedule(new long[0], new long[0]);
    }

    public int parts() {
        return atNanos.length;
    }

    public long totalBytes() {
        return cumulativeBytes.length == 0 ? 0 : cumulativeBytes[cumulativeBytes.length - 1];
    }

    /** Bytes the receiver may have at {@code nowNanos}: those of every part due by then. */
    public long deliveredBy(long nowNanos) {
        long delivered = 0;
        for (int i = 0; i < atNanos.length && atNanos[i] <= nowNanos; i++) {
            delivered = cumulativeBytes[i];
        }
        return delivered;
    }

    public long lastNanos() {
        return atNanos.length == 0 ? 0 : atNanos[atNanos.length - 1];
    }
}
