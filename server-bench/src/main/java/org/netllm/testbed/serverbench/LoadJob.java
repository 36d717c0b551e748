package org.netllm.testbed.serverbench;

import java.util.Objects;

/**
 * What {@link LoadGeneratorMain} runs in its own JVM: unreported closed-loop warm-up rounds of the
 * same sessions and algorithms for at least {@code warmUpSeconds} (0 = none), so the server's JIT
 * has compiled the decision path before anything is measured, then the measured load.
 */
public record LoadJob(LoadSettings settings, double warmUpSeconds) {

    public LoadJob {
        Objects.requireNonNull(settings, "settings");
        if (!(warmUpSeconds >= 0) || Double.isInfinite(warmUpSeconds)) {
            throw new IllegalArgumentException("warm-up seconds must be finite and >= 0, got " + warmUpSeconds);
        }
    }
}
