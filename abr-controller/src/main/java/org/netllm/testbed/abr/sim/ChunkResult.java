package org.netllm.testbed.abr.sim;

/**
 * What one simulated chunk download returns, in the order and units of docs/reference/abr.md §3.2 step 11.
 *
 * @param delayMs        download time incl. the 80 ms RTT (and noise when not fixed), ms
 * @param sleepMs        residual of the buffer-drain sleep after advancing the trace clock (docs/reference/abr.md §3.2.6
 *                       quirk: not the total sleep; only feeds the logged timestamp), ms
 * @param bufferS        buffer after the download and drain, captured before any end-of-video reset, s
 * @param rebufferS      stall caused by this chunk, s
 * @param chunkBytes     size of the chunk just downloaded, bytes
 * @param nextSizesBytes size of the next chunk at every quality (after the end-of-video reset: chunk
 *                       0 of the next episode). A shared read-only row of the simulator's table —
 *                       callers must copy it, never modify it
 * @param endOfVideo     true after the last chunk of the episode
 * @param remain         chunks remaining in the episode ({@code total − counter}, 0 after the last)
 */
public record ChunkResult(
        double delayMs,
        double sleepMs,
        double bufferS,
        double rebufferS,
        long chunkBytes,
        long[] nextSizesBytes,
        boolean endOfVideo,
        int remain) {
}
