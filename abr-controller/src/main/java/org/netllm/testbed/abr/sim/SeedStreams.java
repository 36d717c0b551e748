package org.netllm.testbed.abr.sim;

/**
 * Per-session seeds derived from (base seed, trace index, stream) so results do not depend on the
 * number of threads or the order sessions run in, and the simulator's noise and a sampling
 * algorithm never share a random stream.
 */
final class SeedStreams {

    static final long ENVIRONMENT = 1;
    static final long ALGORITHM = 2;

    /** SplitMix64 increment and finaliser constants (Steele et al., "Fast splittable PRNGs", 2014). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long MIX1 = 0xBF58476D1CE4E5B9L;
    private static final long MIX2 = 0x94D049BB133111EBL;

    private SeedStreams() {
    }

    static long derive(long baseSeed, int traceIndex, long stream) {
        long z = baseSeed + GOLDEN_GAMMA * (traceIndex + 1L) + stream * MIX2;
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }
}
