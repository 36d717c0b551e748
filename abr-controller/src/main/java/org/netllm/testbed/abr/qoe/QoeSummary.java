package org.netllm.testbed.abr.qoe;

import java.util.List;

/**
 * Per-chunk means over a set of chunks (one session, or every session of an algorithm), the way
 * NetLLM's {@code calc_mean_reward} scores a run: each session's first chunk is excluded (it is
 * fetched at the default quality, uncontrolled — docs/reference/abr.md §4.2) and the remaining chunks of all
 * sessions are pooled, so with equal-length sessions this is the mean of per-session means.
 *
 * @param qoeMean            mean per-chunk reward
 * @param bitrateMeanMbps    mean bitrate, Mbit/s
 * @param rebufferMeanS      mean stall per chunk, s
 * @param smoothnessMeanMbps mean |ΔB|, Mbit/s
 * @param chunks             chunks counted
 * @param sessions           sessions contributing
 */
public record QoeSummary(double qoeMean, double bitrateMeanMbps, double rebufferMeanS,
                         double smoothnessMeanMbps, long chunks, int sessions) {

    /** docs/reference/abr.md §4.2: the first chunk of every session is not scored. */
    public static final int EXCLUDED_LEADING_CHUNKS = 1;
    static final double KBPS_IN_MBPS = 1000.0;

    /** Summary of one session's chunks. */
    public static QoeSummary ofSession(List<ChunkRecord> chunks) {
        return new Accumulator().addSession(chunks).summary();
    }

    /** Pools sessions chunk by chunk; not thread-safe. */
    public static final class Accumulator {
        private double reward;
        private double bitrate;
        private double rebuffer;
        private double smoothness;
        private long chunks;
        private int sessions;

        /** Adds the session's chunks after the excluded leading ones. */
        public Accumulator addSession(List<ChunkRecord> session) {
            for (int i = EXCLUDED_LEADING_CHUNKS; i < session.size(); i++) {
                ChunkRecord c = session.get(i);
                reward += c.reward();
                bitrate += c.bitrateMbps();
                rebuffer += c.rebufferS();
                smoothness += c.smoothnessMbps();
                chunks++;
            }
            sessions++;
            return this;
        }

        /** Means so far; NaN means when no chunk was counted. */
        public QoeSummary summary() {
            double n = chunks;
            return new QoeSummary(reward / n, bitrate / n, rebuffer / n, smoothness / n, chunks, sessions);
        }
    }
}
