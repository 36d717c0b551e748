package org.netllm.testbed.abr.sim;

import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * Everything that determines a simulation run's numbers (recorded in the results' config).
 *
 * @param video        chunk-size table
 * @param qoe          λ, γ of the per-chunk reward (docs/reference/abr.md §4.1)
 * @param fixed        no shuffle, no noise (docs/reference/abr.md §3.1 step 6)
 * @param totalChunks  chunks per session (48, docs/reference/abr.md §1)
 * @param seed         base seed; session i uses seeds derived from (seed, trace index i)
 * @param sampling     learned actors sample their action (the reference does, docs/reference/abr.md §6.4) instead of argmax
 * @param threads      worker threads (results do not depend on it)
 */
public record SimulationSettings(VideoSpec video, QoeParams qoe, boolean fixed, int totalChunks, long seed,
                                 boolean sampling, int threads) {

    public SimulationSettings {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        if (totalChunks <= 0 || totalChunks > video.chunks()) {
            throw new IllegalArgumentException("total chunks " + totalChunks + " outside 1.." + video.chunks()
                    + " (video " + video.name() + ")");
        }
    }

    /** NetLLM's fcc-test configuration: λ 4.3, fixed, 48 chunks, sampling actors. */
    public static SimulationSettings netllmDefaults(VideoSpec video, int threads) {
        return new SimulationSettings(video, QoeParams.NETLLM, true, SimConstants.TOTAL_VIDEO_CHUNKS,
                SimConstants.REFERENCE_ENV_SEED, true, threads);
    }
}
