package org.netllm.testbed.abr.sim;

/**
 * Construction settings of a {@link ChunkSimulator} (docs/reference/abr.md §3.1).
 *
 * @param fixed        true: no shuffle of the trace order and no delay noise (fully deterministic)
 * @param totalChunks  chunks per episode ({@link SimConstants#TOTAL_VIDEO_CHUNKS} = 48 in NetLLM)
 * @param seed         seed of the simulator's RNG (shuffle, random start pointers, noise)
 */
public record SimOptions(boolean fixed, int totalChunks, long seed) {

    /** NetLLM's test configuration: fixed, 48 chunks. */
    public static final SimOptions NETLLM_FIXED =
            new SimOptions(true, SimConstants.TOTAL_VIDEO_CHUNKS, SimConstants.REFERENCE_ENV_SEED);

    public SimOptions {
        if (totalChunks <= 0) {
            throw new IllegalArgumentException("totalChunks must be > 0, got " + totalChunks);
        }
    }
}
