package org.netllm.testbed.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.netllm.testbed.server.spi.TaskMetrics;

/**
 * The ABR task's meters (exported as {@code testbed_abr_*}): decision latency histogram and decision count per
 * algorithm, active sessions, media bytes served (shaped/unshaped).
 */
public final class AbrMetrics {

    private final TaskMetrics meters;
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Counter shapedBytes;
    private final Counter unshapedBytes;
    private final Counter cancelledBytes;
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong bufferedPeakPerTransfer = new AtomicLong();

    public AbrMetrics(TaskMetrics meters, Supplier<Number> activeSessions) {
        this.meters = meters;
        meters.gauge("sessions.active", "sessions not yet ended", activeSessions);
        shapedBytes = meters.counter("bytes.served", "media bytes written", "shaping", "shaped");
        unshapedBytes = meters.counter("bytes.served", "media bytes written", "shaping", "unshaped");
        cancelledBytes = meters.counter("link.cancelled.bytes",
                "undelivered bytes of aborted shaped transfers removed from their session's link queue");
        meters.gauge("shaped.buffered.bytes", "media bytes read for shaped transfers and not yet written to a socket",
                bufferedBytes::get);
        meters.gauge("shaped.transfer.buffered.peak.bytes",
                "most media bytes one shaped transfer has held in memory at once", bufferedPeakPerTransfer::get);
    }

    /** @param algorithm the registry's canonical name of the session's algorithm (never the client's spelling) */
    public void recordDecision(String algorithm, double latencyMs) {
        latency.computeIfAbsent(algorithm, a -> meters.timer("decision.latency",
                        "server-side decision latency, body parsed to decision ready", "algorithm", a))
                .record((long) (latencyMs * 1e6), TimeUnit.NANOSECONDS);
        decisions.computeIfAbsent(algorithm, a -> meters.counter("decisions", "chunk decisions answered",
                "algorithm", a)).increment();
    }

    public void shapedBytes(long n) {
        shapedBytes.increment(n);
    }

    public void unshapedBytes(long n) {
        unshapedBytes.increment(n);
    }

    /** Shaped-transfer bytes now held in memory change by {@code delta} (read from disk: +, written to the socket: −). */
    public void shapedBuffered(long delta) {
        bufferedBytes.addAndGet(delta);
    }

    /** One transfer held {@code bytes} at once. */
    public void shapedTransferPeak(long bytes) {
        bufferedPeakPerTransfer.accumulateAndGet(bytes, Math::max);
    }

    public void linkCancelled(long bytes) {
        cancelledBytes.increment(bytes);
    }
}
