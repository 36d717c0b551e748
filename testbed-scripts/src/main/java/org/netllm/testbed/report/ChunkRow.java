package org.netllm.testbed.report;

/**
 * One media chunk of one session, normalised from the server's log and the browser's records
 * (the chunks.csv schema in testbed-scripts/README.md). Times are epoch ms.
 *
 * @param chunk             0-based chunk index
 * @param quality           quality index it was fetched at
 * @param bitrateKbps       ladder bitrate of that quality
 * @param bufferS           buffer level reported after the download, s
 * @param rebufferS         stall time since the previous chunk's report, s (cumulative difference, docs/reference/abr.md §8.6 step 1)
 * @param bytes             bytes received
 * @param requestTimeMs     request sent
 * @param firstByteTimeMs   first response byte
 * @param endTimeMs         download finished
 * @param decisionLatencyMs server time to decide the next quality (NaN when unknown)
 */
public record ChunkRow(int chunk, int quality, int bitrateKbps, double bufferS, double rebufferS, long bytes,
                       long requestTimeMs, long firstByteTimeMs, long endTimeMs, double decisionLatencyMs) {

    /** Column order of chunks.csv. */
    public static final String CSV_HEADER = "chunk,quality,bitrate_kbps,buffer_s,rebuffer_s,bytes,"
            + "request_time_ms,first_byte_time_ms,end_time_ms,download_ms,transfer_ms,throughput_mbps,decision_latency_ms";

    /** Request to last byte, ms (includes RTT and server wait). */
    public long downloadMs() {
        return endTimeMs - requestTimeMs;
    }

    /** First to last byte, ms: the download time the GENET server uses (docs/reference/abr.md §8.6 step 3). */
    public long transferMs() {
        return endTimeMs - firstByteTimeMs;
    }

    /** bytes·8 / transfer time, Mbit/s; NaN for a zero-length transfer (docs/reference/abr.md §8.6 step 5 skips those). */
    public double throughputMbps() {
        long ms = transferMs();
        return ms <= 0 ? Double.NaN : bytes * 8.0 / ms / 1000.0;
    }

    public String toCsv() {
        return chunk + "," + quality + "," + bitrateKbps + "," + bufferS + "," + rebufferS + "," + bytes + ","
                + requestTimeMs + "," + firstByteTimeMs + "," + endTimeMs + "," + downloadMs() + "," + transferMs() + ","
                + throughputMbps() + "," + decisionLatencyMs;
    }
}
