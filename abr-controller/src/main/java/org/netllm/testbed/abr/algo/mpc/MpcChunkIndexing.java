package org.netllm.testbed.abr.algo.mpc;

import org.netllm.testbed.abr.video.VideoSpec;

/**
 * Which chunk sizes an MPC plan is scored with (docs/reference/abr.md §6.2 item 8). Both reference
 * implementations truncate the horizon to the chunks left after the one just downloaded
 * ({@code min(5, 48 − last_index)} with {@code last_index = k + 1} in the NetLLM sim,
 * {@code min(5, 49 − lastRequest − 1)} with {@code lastRequest = k} in GENET's emulator: both
 * {@code totalChunks − k − 1}); they differ in where the plan starts and how sizes past the table
 * are looked up.
 */
public enum MpcChunkIndexing {

    /**
     * GENET emulator ({@code G:agent_policy/mpc.py}): {@code last_index = lastRequest = k}, the plan
     * starts at chunk k + 1 (correct), sizes are looked up modulo the table length.
     */
    GENET_EMULATOR {
        @Override
        int plannedIndex(int chunkIndex, int position) {
            return chunkIndex + 1 + position;
        }

        @Override
        long sizeBytes(VideoSpec video, int quality, int index) {
            return video.sizeBytes(quality, Math.floorMod(index, video.chunks()));
        }
    },

    /**
     * NetLLM simulator ({@code N:run_baseline.py}): {@code last_index = 48 − remain = k + 1} (the
     * number of chunks downloaded), the plan starts at {@code last_index + 1 = k + 2} — off by one,
     * it skips the true next chunk — and a size outside the table reads 0 bytes.
     */
    NETLLM_SIM {
        @Override
        int plannedIndex(int chunkIndex, int position) {
            return chunkIndex + 2 + position;
        }

        @Override
        long sizeBytes(VideoSpec video, int quality, int index) {
            return index < 0 || index >= video.chunks() ? 0L : video.sizeBytes(quality, index);
        }
    };

    /**
     * Chunk index whose size prices plan position {@code position} (0-based) after chunk
     * {@code chunkIndex} (0-based, just downloaded).
     */
    abstract int plannedIndex(int chunkIndex, int position);

    /** Size in bytes of chunk {@code index} at {@code quality} as this implementation reads it. */
    abstract long sizeBytes(VideoSpec video, int quality, int index);
}
