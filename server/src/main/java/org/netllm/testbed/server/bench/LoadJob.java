package org.netllm.testbed.server.bench;

import java.util.Objects;

/**
 * What {@link LoadGeneratorMain} runs in its own JVM: an unreported closed-loop warm-up with
 * {@code warmUpSessions} sessions (0 = none), then the measured load.
 */
public record LoadJob(LoadSettings settings, int warmUpSessions) {

    public LoadJob {
        Objects.requireNonNull(settings, "settings");
        if (warmUpSessions < 0) {
            throw new IllegalArgumentException("warm-up sessions must be >= 0, got " + warmUpSessions);
        }
    }
}
