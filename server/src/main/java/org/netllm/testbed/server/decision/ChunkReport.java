package org.netllm.testbed.server.decision;

/**
 * What the player reports after a media chunk download (docs/protocol.md §2; the Pensieve body of §5
 * maps onto the same fields, docs/reference/abr.md §8.5). Field checks that need no session state are
 * done here; order and monotonicity are checked by the session.
 *
 * @param chunkIndex          0-based index of the chunk whose download just finished
 * @param quality             quality it was fetched at
 * @param bufferS             buffer level now, s
 * @param cumulativeRebufferMs stall time since page load incl. start-up, ms (docs/reference/abr.md §8.4)
 * @param requestTimeMs       epoch ms the request was sent; NaN when the client does not say (Pensieve body)
 * @param firstByteTimeMs     epoch ms of the first response byte
 * @param endTimeMs           epoch ms of the last byte
 * @param bytes               bytes received
 */
public record ChunkReport(
        int chunkIndex,
        int quality,
        double bufferS,
        double cumulativeRebufferMs,
        double requestTimeMs,
        double firstByteTimeMs,
        double endTimeMs,
        long bytes) {

    public ChunkReport {
        if (chunkIndex < 0) {
            throw new IllegalArgumentException("chunkIndex must be >= 0, got " + chunkIndex);
        }
        if (quality < 0) {
            throw new IllegalArgumentException("quality must be >= 0, got " + quality);
        }
        if (!(bufferS >= 0)) {
            throw new IllegalArgumentException("bufferS must be >= 0, got " + bufferS);
        }
        if (!(cumulativeRebufferMs >= 0)) {
            throw new IllegalArgumentException("rebufferMs must be >= 0, got " + cumulativeRebufferMs);
        }
        if (!(firstByteTimeMs >= 0) || !(endTimeMs >= firstByteTimeMs)) {
            throw new IllegalArgumentException("times must satisfy 0 <= firstByteTimeMs <= endTimeMs, got firstByte="
                    + firstByteTimeMs + " end=" + endTimeMs);
        }
        if (!Double.isNaN(requestTimeMs) && !(requestTimeMs >= 0 && requestTimeMs <= firstByteTimeMs)) {
            throw new IllegalArgumentException("requestTimeMs must satisfy 0 <= requestTimeMs <= firstByteTimeMs, got "
                    + requestTimeMs + " > " + firstByteTimeMs);
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be > 0, got " + bytes);
        }
    }

    /** GENET's fetch time: last byte − first byte (docs/reference/abr.md §5.1, §8.6 step 3), ms. */
    public double downloadMs() {
        return endTimeMs - firstByteTimeMs;
    }
}
