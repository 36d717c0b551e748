package org.netllm.testbed.server.log;

/**
 * One line of {@code chunks.jsonl}: what the server saw for one media chunk and what it decided.
 *
 * @param chunk              0-based chunk index
 * @param quality            quality the chunk was fetched at
 * @param bitrateKbps        ladder bitrate of that quality
 * @param bytes              bytes received
 * @param requestTimeMs      epoch ms (null when the client did not report it)
 * @param firstByteTimeMs    epoch ms
 * @param endTimeMs          epoch ms
 * @param downloadMs         end − first byte (docs/reference/abr.md §5.1), as given to the algorithm
 * @param throughputMbps     bytes·8 / downloadMs / 1000
 * @param bufferS            buffer after the download, s
 * @param rebufferS          stall attributed to this chunk (delta of the cumulative value), s
 * @param smoothnessMbps     |B[q] − B[q_prev]| / 1000
 * @param reward             docs/reference/abr.md §4.1 linear QoE with the session's λ
 * @param nextQuality        the decision (quality of chunk + 1); for the last chunk the reported quality
 * @param decisionLatencyMs  server-side decision latency (body parsed → decision ready)
 * @param algorithmMs        of which the algorithm's own {@code decide} call (0 when not asked)
 * @param computeMs          of which its computation on its own threads (the rest is hand-off; docs/protocol.md §2)
 * @param algorithm          algorithm name
 */
public record ChunkRecord(
        int chunk,
        int quality,
        int bitrateKbps,
        long bytes,
        Double requestTimeMs,
        double firstByteTimeMs,
        double endTimeMs,
        double downloadMs,
        double throughputMbps,
        double bufferS,
        double rebufferS,
        double smoothnessMbps,
        double reward,
        int nextQuality,
        double decisionLatencyMs,
        double algorithmMs,
        double computeMs,
        String algorithm) {
}
