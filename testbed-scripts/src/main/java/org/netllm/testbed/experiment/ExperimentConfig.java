package org.netllm.testbed.experiment;

import java.util.List;
import java.util.Objects;

/**
 * Everything that defines an experiment's matrix and how it is run. Written into plan.json so a
 * resumed run can check it continues the same experiment.
 *
 * @param algorithms  registry names, in the order given
 * @param traceSets   trace-set folders relative to the repository root, e.g. "traces/fcc-real"
 * @param sample      traces drawn per set (all when the set is smaller)
 * @param seed        sampling seed
 * @param repeats     sessions per (algorithm, trace)
 * @param video       video id served by the server, e.g. "envivio"
 * @param lambda      rebuffer penalty λ recorded with every QoE (docs/reference/abr.md §4.2)
 * @param emulator    link emulation: builtin or mahimahi
 * @param maxAttempts attempts per session before it is recorded as failed
 */
public record ExperimentConfig(List<String> algorithms, List<String> traceSets, int sample, long seed,
                               int repeats, String video, double lambda, Emulator emulator, int maxAttempts) {

    /** docs/reference/abr.md §4.2 [REC]: NetLLM's λ. */
    public static final double DEFAULT_LAMBDA = 4.3;
    /** First try plus two retries (h-experiment brief: bounded retries, default 2). */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public ExperimentConfig {
        algorithms = List.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
        traceSets = List.copyOf(Objects.requireNonNull(traceSets, "traceSets"));
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(emulator, "emulator");
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("--algorithms: at least one algorithm is needed");
        }
        if (traceSets.isEmpty()) {
            throw new IllegalArgumentException("--traces: at least one trace set is needed");
        }
        if (sample < 1) {
            throw new IllegalArgumentException("--sample must be >= 1, got " + sample);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
        }
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("--lambda must be >= 0, got " + lambda);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + maxAttempts);
        }
    }

    /** How the session's bottleneck is emulated. */
    public enum Emulator {
        /** The server shapes media bytes in-process (netem's trace-driven link). */
        BUILTIN,
        /** The browser runs inside an mm-link shell; the server serves unshaped. */
        MAHIMAHI;

        public static Emulator parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "builtin" -> BUILTIN;
                case "mahimahi" -> MAHIMAHI;
                default -> throw new IllegalArgumentException("--emulator must be builtin or mahimahi, got '" + s + "'");
            };
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
