package org.netllm.testbed.abr.netllm.pool;

import java.util.List;

/** Lets tests in other packages collect a small real pool. */
public final class PoolCollectorTestAccess {
    private PoolCollectorTestAccess() {
    }

    public static ExperiencePool collect(List<String> policies, int traces, long seed) throws java.io.IOException {
        return PoolCollectorTest.collect(policies, traces, seed);
    }
}
