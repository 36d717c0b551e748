package org.netllm.testbed.netem;

/**
 * No shaping ({@code link.mode = none}): every response reaches the receiver in one part, after
 * an optional fixed one-way delay. Stateless, hence thread-safe.
 */
public final class UnlimitedLink implements LinkEmulator {

    private final long oneWayDelayNanos;

    /** @param oneWayDelayMs fixed delay each way, ≥ 0 (0 = plain loopback) */
    public UnlimitedLink(long oneWayDelayMs) {
        if (oneWayDelayMs < 0) {
            throw new IllegalArgumentException("one-way delay must be >= 0 ms, got " + oneWayDelayMs);
        }
        this.oneWayDelayNanos = oneWayDelayMs * TraceDrivenLink.NANOS_PER_MS;
    }

    @Override
    public String describe() {
        return "unlimited(delay=" + oneWayDelayNanos / TraceDrivenLink.NANOS_PER_MS + " ms each way)";
    }

    @Override
    public long uplinkDelayNanos() {
        return oneWayDelayNanos;
    }

    @Override
    public DeliverySchedule enqueueDownlink(long enqueueNanos, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot enqueue " + bytes + " bytes");
        }
        if (bytes == 0) {
            return DeliverySchedule.empty();
        }
        return new DeliverySchedule(new long[] {enqueueNanos + oneWayDelayNanos}, new long[] {bytes});
    }

    /** No queue: responses never wait behind each other, so there is nothing to remove. */
    @Override
    public long cancelDownlink(DeliverySchedule schedule, long nowNanos) {
        return 0;
    }
}
