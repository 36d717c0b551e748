package org.netllm.testbed.server.log;

/**
 * Session QoE (docs/reference/abr.md §4.2 [REC]): per-chunk means over the scored chunks, i.e. every chunk
 * but the first (the uncontrolled start-up chunk). The terms decompose the score:
 * {@code mean = bitrateMbps − lambda·rebufferS − smoothnessMbps}. Null means no chunk was scored.
 *
 * @param mean            mean per-chunk reward
 * @param bitrateMbps     mean bitrate
 * @param rebufferS       mean rebuffer per chunk, s
 * @param smoothnessMbps  mean |Δbitrate|
 * @param lambda          λ used
 * @param scoredChunks    chunks in the means (chunks − 1)
 * @param totalRebufferS  all stall time the client reported, start-up included
 */
public record QoeSummary(
        Double mean,
        Double bitrateMbps,
        Double rebufferS,
        Double smoothnessMbps,
        double lambda,
        int scoredChunks,
        double totalRebufferS) {
}
