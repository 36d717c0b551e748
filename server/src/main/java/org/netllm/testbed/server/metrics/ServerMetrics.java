package org.netllm.testbed.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.netllm.testbed.server.spi.ServerTask;
import org.netllm.testbed.server.spi.TaskMetrics;

/**
 * The server's Prometheus registry: the core's own meters ({@code testbed_errors_total{status}}) and one
 * {@link TaskMetrics} per task whose meters are named {@code testbed.<task>.<metric>} with a bounded number of tag
 * sets per name (docs/task-spi.md "Metrics").
 */
public final class ServerMetrics {

    /** Histogram range: decisions take microseconds (BBA) to hundreds of ms (an LLM on CPU). */
    private static final Duration LATENCY_MIN = Duration.ofNanos(10_000);
    private static final Duration LATENCY_MAX = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Integer, Counter> errors = new ConcurrentHashMap<>();

    public void error(int status) {
        errors.computeIfAbsent(status, s -> Counter.builder("testbed.errors").tag("status", Integer.toString(s))
                .description("requests answered with an error").register(registry)).increment();
    }

    /** The meters of task {@code task} (named {@code testbed.<task>.*}). */
    public TaskMetrics forTask(String task) {
        if (!ServerTask.NAME.matcher(task).matches()) {
            throw new IllegalArgumentException("task name '" + task + "' must match " + ServerTask.NAME);
        }
        return new Prefixed("testbed." + task + ".");
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** A task's view: prefixed names, at most MAX_SERIES_PER_METRIC tag sets per name. */
    private final class Prefixed implements TaskMetrics {
        private final String prefix;
        private final Map<String, Set<Tags>> seriesByName = new ConcurrentHashMap<>();

        Prefixed(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Timer timer(String name, String description, String... tags) {
            return Timer.builder(prefix + name).tags(bounded(name, tags)).description(description)
                    .publishPercentileHistogram().minimumExpectedValue(LATENCY_MIN).maximumExpectedValue(LATENCY_MAX)
                    .register(registry);
        }

        @Override
        public Counter counter(String name, String description, String... tags) {
            return Counter.builder(prefix + name).tags(bounded(name, tags)).description(description).register(registry);
        }

        @Override
        public void gauge(String name, String description, Supplier<Number> value, String... tags) {
            Gauge.builder(prefix + name, value).tags(bounded(name, tags)).description(description).register(registry);
        }

        /** The tags as given while the name has room; every value {@value #OVERFLOW_TAG} past the bound. */
        private Tags bounded(String name, String... kv) {
            Tags tags = Tags.of(kv);
            Set<Tags> seen = seriesByName.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet());
            if (seen.contains(tags)) {
                return tags;
            }
            synchronized (seen) {
                if (seen.size() < MAX_SERIES_PER_METRIC - 1) { // one slot stays for the overflow series
                    seen.add(tags);
                    return tags;
                }
            }
            String[] folded = kv.clone();
            for (int i = 1; i < folded.length; i += 2) {
                folded[i] = OVERFLOW_TAG;
            }
            return Tags.of(folded);
        }
    }
}
