package org.netllm.testbed.server.spi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * A task's meters on the server's {@code /metrics}. Names are relative: {@code timer("decision.latency", ...)}
 * of task "vp" is exported as {@code testbed_vp_decision_latency_seconds}. Tags are key/value pairs whose values
 * must come from a bounded set the server chose (canonical algorithm names, route names), never raw client text;
 * past {@link #MAX_SERIES_PER_METRIC} distinct tag sets per name, further values are folded into
 * {@value #OVERFLOW_TAG} so a hostile client cannot grow {@code /metrics} without bound.
 */
public interface TaskMetrics {

    /** Most distinct tag sets of one metric name. */
    int MAX_SERIES_PER_METRIC = 64;
    /** The tag value that stands for every tag set past the bound. */
    String OVERFLOW_TAG = "other";

    /** A latency timer with a percentile histogram (10 µs .. 10 s). */
    Timer timer(String name, String description, String... tags);

    Counter counter(String name, String description, String... tags);

    /** A gauge sampled at scrape time; {@code value} must be cheap and thread-safe. */
    void gauge(String name, String description, Supplier<Number> value, String... tags);
}
