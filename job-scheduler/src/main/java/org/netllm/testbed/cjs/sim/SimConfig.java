package org.netllm.testbed.cjs.sim;

/**
 * Environment settings of spark-sched-sim (docs/reference/cjs.md §1.2). Defaults are NetLLM's
 * {@code decima_tpch.yaml}: 50 executors, 200 jobs, λ = 4·10⁻⁵ /ms, 2000 ms moving delay, 1000 ms
 * warm-up delay.
 */
public record SimConfig(int numExecutors, int jobArrivalCap, double jobArrivalRate, double movingDelayMs,
        double warmupDelayMs) {

    public static final int DEFAULT_EXECUTORS = 50;
    public static final int DEFAULT_JOBS = 200;
    public static final double DEFAULT_ARRIVAL_RATE = 4e-5;
    public static final double DEFAULT_MOVING_DELAY_MS = 2000.0;
    public static final double DEFAULT_WARMUP_DELAY_MS = 1000.0;
    /** The executor-level table of §1.8 only has profiled levels up to 100. */
    public static final int MAX_EXECUTORS = 100;
    public static final int MAX_JOBS = 100_000;

    public SimConfig {
        if (numExecutors < 1 || numExecutors > MAX_EXECUTORS) {
            throw new IllegalArgumentException("numExecutors must be in [1, " + MAX_EXECUTORS + "], got " + numExecutors);
        }
        if (jobArrivalCap < 1 || jobArrivalCap > MAX_JOBS) {
            throw new IllegalArgumentException("jobArrivalCap must be in [1, " + MAX_JOBS + "], got " + jobArrivalCap);
        }
        if (!(jobArrivalRate > 0) || Double.isInfinite(jobArrivalRate)) {
            throw new IllegalArgumentException("jobArrivalRate must be positive and finite, got " + jobArrivalRate);
        }
        if (!(movingDelayMs >= 0) || Double.isInfinite(movingDelayMs)) {
            throw new IllegalArgumentException("movingDelayMs must be >= 0 and finite, got " + movingDelayMs);
        }
        if (!(warmupDelayMs >= 0) || Double.isInfinite(warmupDelayMs)) {
            throw new IllegalArgumentException("warmupDelayMs must be >= 0 and finite, got " + warmupDelayMs);
        }
    }

    public static SimConfig defaults() {
        return of(DEFAULT_EXECUTORS, DEFAULT_JOBS);
    }

    public static SimConfig of(int numExecutors, int jobs) {
        return new SimConfig(numExecutors, jobs, DEFAULT_ARRIVAL_RATE, DEFAULT_MOVING_DELAY_MS, DEFAULT_WARMUP_DELAY_MS);
    }
}
