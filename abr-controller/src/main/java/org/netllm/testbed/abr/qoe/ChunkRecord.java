package org.netllm.testbed.abr.qoe;

/**
 * One downloaded chunk as NetLLM's result file logs it (docs/reference/abr.md §4.4 columns 1–8), plus the
 * chunk index and quality index.
 *
 * @param chunkIndex     0-based chunk of the session
 * @param quality        quality index it was fetched at
 * @param timeS          cumulative session time after this chunk, Σ(delay + residual sleep)/1000, s
 * @param bitrateKbps    ladder bitrate of {@code quality}, kbit/s
 * @param bufferS        buffer after the chunk, s
 * @param rebufferS      stall attributed to the chunk, s
 * @param chunkBytes     chunk size, bytes
 * @param delayMs        download delay, ms
 * @param smoothnessMbps |B[q] − B[q_prev]| / 1000, Mbit/s
 * @param reward         per-chunk QoE (docs/reference/abr.md §4.1)
 */
public record ChunkRecord(
        int chunkIndex,
        int quality,
        double timeS,
        int bitrateKbps,
        double bufferS,
        double rebufferS,
        long chunkBytes,
        double delayMs,
        double smoothnessMbps,
        double reward) {

    /** Bitrate in Mbit/s, the unit the QoE terms use. */
    public double bitrateMbps() {
        return bitrateKbps / QoeSummary.KBPS_IN_MBPS;
    }
}
