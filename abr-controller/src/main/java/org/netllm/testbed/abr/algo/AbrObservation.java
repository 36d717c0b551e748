package org.netllm.testbed.abr.algo;

/**
 * What the player reports after each chunk download; the same record comes from the chunk-level
 * simulator and from a real browser's per-chunk POST. Algorithms derive whatever state they need
 * (Pensieve 6×S_LEN matrix, MPC throughput history, ...) from the sequence of observations.
 *
 * @param chunkIndex       0-based index of the chunk whose download just finished
 * @param quality          quality index that chunk was fetched at
 * @param bufferS          playback buffer after the download, seconds
 * @param rebufferS        stall time attributed to this chunk, seconds
 * @param chunkBytes       bytes of the chunk
 * @param downloadMs       download time in ms (simulator: incl. 80 ms RTT and noise; browser:
 *                         last byte − first byte, docs/reference/abr.md §5.1)
 * @param chunksRemaining  chunks left after this one, in the environment's own convention
 *                         (simulator: 47 after the first of 48)
 * @param nextSizesBytes   size of the next chunk at every quality (zeros past the end); owned by
 *                         the caller, algorithms must not keep a reference past {@code decide}
 */
public record AbrObservation(
        int chunkIndex,
        int quality,
        double bufferS,
        double rebufferS,
        long chunkBytes,
        double downloadMs,
        int chunksRemaining,
        long[] nextSizesBytes) {

    /** Measured throughput as Pensieve's state row 2 defines it: bytes / ms / 1000 = MB/s. */
    public double throughputMBps() {
        return chunkBytes / downloadMs / 1000.0;
    }
}
