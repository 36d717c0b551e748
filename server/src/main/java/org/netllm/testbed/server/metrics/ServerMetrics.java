package org.netllm.testbed.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: decision latency histogram and decision count per algorithm,
 * active sessions, bytes served (shaped/unshaped) and errors by HTTP status.
 */
public final class ServerMetrics {

    /** Histogram range: decisions take microseconds (BBA) to hundreds of ms (an LLM on CPU). */
    private static final Duration LATENCY_MIN = Duration.ofNanos(10_000);
    private static final Duration LATENCY_MAX = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> decisions = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> errors = new ConcurrentHashMap<>();
    private final Counter shapedBytes;
    private final Counter unshapedBytes;

    public ServerMetrics(Supplier<Number> activeSessions) {
        Gauge.builder("testbed.sessions.active", activeSessions).description("sessions not yet ended")
                .register(registry);
        shapedBytes = Counter.builder("testbed.bytes.served").tag("shaping", "shaped").baseUnit("bytes")
                .description("media bytes written").register(registry);
        unshapedBytes = Counter.builder("testbed.bytes.served").tag("shaping", "unshaped").baseUnit("bytes")
                .description("media bytes written").register(registry);
    }

    public void recordDecision(String algorithm, double latencyMs) {
        latency.computeIfAbsent(algorithm, a -> Timer.builder("testbed.decision.latency").tag("algorithm", a)
                        .description("server-side decision latency, body parsed to decision ready")
                        .publishPercentileHistogram().minimumExpectedValue(LATENCY_MIN)
                        .maximumExpectedValue(LATENCY_MAX).register(registry))
                .record((long) (latencyMs * 1e6), TimeUnit.NANOSECONDS);
        decisions.computeIfAbsent(algorithm, a -> Counter.builder("testbed.decisions").tag("algorithm", a)
                .description("chunk decisions answered").register(registry)).increment();
    }

    public void shapedBytes(long n) {
        shapedBytes.increment(n);
    }

    public void unshapedBytes(long n) {
        unshapedBytes.increment(n);
    }

    public void error(int status) {
        errors.computeIfAbsent(status, s -> Counter.builder("testbed.errors").tag("status", Integer.toString(s))
                .description("requests answered with an error").register(registry)).increment();
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
