package org.netllm.testbed.abr.algo.bench;

import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * A recorded sequence of observations to replay through algorithms when timing decisions. It is
 * produced by a driver algorithm on a deliberately simple link: each chunk downloads at the next
 * rate of a repeating cycle plus a fixed RTT, the buffer drains by the download time and gains one
 * chunk duration, capped at {@link #BUFFER_CAP_S} (no sleep modelling). The observations are
 * realistic enough to exercise every branch of the baselines (rate changes drive MPC's error
 * discount, the buffer crosses BBA's and BOLA's thresholds); they are not a QoE simulation.
 */
public final class RecordedSession {

    /** Link RTT added to each download, ms (docs/reference/abr.md §1 LINK_RTT). */
    public static final double RTT_MS = 80.0;
    /** Buffer cap, seconds (docs/reference/abr.md §1 BUFFER_THRESH). */
    public static final double BUFFER_CAP_S = 60.0;
    /** Rates the link cycles through, kbit/s: slow, fast and in-between chunks. */
    public static final double[] DEFAULT_RATE_CYCLE_KBPS = {1500, 3000, 800, 5000, 2200, 600, 4000, 1200};
    private static final double MS_PER_S = 1000.0;
    private static final double BITS_PER_BYTE = 8.0;

    private RecordedSession() {
    }

    /**
     * Plays {@code totalChunks} chunks (≤ the video's table) with {@code driver} choosing every
     * quality after the first (quality 0, the simulator default) and returns one observation per
     * chunk.
     */
    public static List<AbrObservation> record(VideoSpec video, int totalChunks, double[] rateCycleKbps,
            AbrAlgorithm driver) {
        if (totalChunks < 1 || totalChunks > video.chunks()) {
            throw new IllegalArgumentException("total chunks must be 1.." + video.chunks() + ", got " + totalChunks);
        }
        if (rateCycleKbps.length == 0) {
            throw new IllegalArgumentException("rate cycle is empty");
        }
        for (double r : rateCycleKbps) {
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("link rates must be finite and > 0 kbit/s, got " + r);
            }
        }
        driver.reset();
        List<AbrObservation> out = new ArrayList<>(totalChunks);
        double buffer = 0.0;
        int quality = 0;
        for (int k = 0; k < totalChunks; k++) {
            long bytes = video.sizeBytes(quality, k);
            double downloadMs = bytes * BITS_PER_BYTE / rateCycleKbps[k % rateCycleKbps.length] + RTT_MS;
            double downloadS = downloadMs / MS_PER_S;
            double rebuffer = Math.max(downloadS - buffer, 0.0);
            buffer = Math.min(Math.max(buffer - downloadS, 0.0) + video.chunkDurationS(), BUFFER_CAP_S);
            long[] next = new long[video.levels()];
            for (int q = 0; q < next.length && k + 1 < video.chunks(); q++) {
                next[q] = video.sizeBytes(q, k + 1);
            }
            AbrObservation obs = new AbrObservation(k, quality, buffer, rebuffer, bytes, downloadMs,
                    totalChunks - k - 1, next);
            out.add(obs);
            quality = driver.decide(obs);
        }
        return List.copyOf(out);
    }
}
