package org.netllm.testbed.server.decision;

import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * Turns one session's sequence of {@link ChunkReport}s into {@link AbrObservation}s the way GENET's
 * ABR server does (docs/reference/abr.md §8.6). Conventions, chosen once here:
 * <ul>
 *   <li>rebuffer of chunk k = cumulative RebufferTime now − at the previous report (docs/reference/abr.md §8.6 step 1), in s;</li>
 *   <li>downloadMs = endTime − firstByteTime (docs/reference/abr.md §5.1); epoch-ms timing has 1 ms resolution, so a 0 ms
 *       download is floored to {@link #MIN_DOWNLOAD_MS} instead of GENET's "skip the state update"
 *       (docs/reference/abr.md §8.6 step 5), which the {@code AbrAlgorithm} seam cannot express;</li>
 *   <li>chunks remaining = totalChunks − (k + 1): GENET's {@code 49 − count} (docs/reference/abr.md §8.6 step 4). The
 *       NetLLM policy derives its simulator convention (docs/reference/abr.md §8.7: 47 − k, 48 cap) from chunkIndex itself;</li>
 *   <li>next sizes = the server's size table at chunk k + 1 (docs/reference/abr.md §8.6 step 4 / §8.7), zeros past the end.</li>
 * </ul>
 * Not thread-safe: used by one session under its serial order.
 */
public final class ObservationBuilder {

    /** Floor for a download time measured as 0 ms (see class comment). */
    public static final double MIN_DOWNLOAD_MS = 1.0;
    private static final double MS_PER_S = 1000.0;

    private final VideoSpec video;
    private final int totalChunks;
    private double lastCumulativeRebufferMs;

    public ObservationBuilder(VideoSpec video, int totalChunks) {
        this.video = video;
        this.totalChunks = totalChunks;
    }

    /** Cumulative rebuffer at the previous report (0 before the first). */
    public double lastCumulativeRebufferMs() {
        return lastCumulativeRebufferMs;
    }

    /**
     * Builds the observation without changing any state: a decision is a transaction (validate, decide, log, then
     * {@link #commit}), so a failed decide or log write leaves the rebuffer baseline where it was and the retry
     * sees the same stall.
     */
    public AbrObservation observe(ChunkReport r) {
        double rebufS = (r.cumulativeRebufferMs() - lastCumulativeRebufferMs) / MS_PER_S;
        int next = r.chunkIndex() + 1;
        long[] nextSizes = new long[video.levels()]; // own array: the observation may outlive this call (async decide)
        for (int q = 0; q < nextSizes.length; q++) {
            nextSizes[q] = next < video.chunks() ? video.sizeBytes(q, next) : 0L;
        }
        double downloadMs = Math.max(MIN_DOWNLOAD_MS, r.downloadMs());
        int remaining = Math.max(0, totalChunks - next);
        return new AbrObservation(r.chunkIndex(), r.quality(), r.bufferS(), rebufS, r.bytes(), downloadMs,
                remaining, nextSizes);
    }

    /** Advances the rebuffer baseline past {@code r} (its decision was recorded). */
    public void commit(ChunkReport r) {
        lastCumulativeRebufferMs = r.cumulativeRebufferMs();
    }
}
