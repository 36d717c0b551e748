package org.netllm.testbed.report;

import org.netllm.testbed.abr.qoe.QoeParams;

import java.util.List;

/**
 * Session score (docs/reference/abr.md §4.2 [REC]): the per-chunk mean of the linear QoE (docs/reference/abr.md §4.1) over all
 * chunks except the first (the uncontrolled start-up chunk), with its three components also as
 * per-chunk means, in Mbit/s-equivalent units.
 *
 * @param chunks          chunks scored (all but the first)
 * @param qoe             mean reward
 * @param bitrateMbps     mean B[q]/1000
 * @param rebufferS       mean stall per chunk, s
 * @param rebufferPenalty mean λ·stall
 * @param smoothnessMbps  mean |ΔB|/1000 (γ = 1)
 * @param lambda          λ used
 */
public record SessionQoe(int chunks, double qoe, double bitrateMbps, double rebufferS, double rebufferPenalty,
                         double smoothnessMbps, double lambda) {

    /** Chunks at the start excluded from the score (docs/reference/abr.md §4.2). */
    public static final int EXCLUDED_LEADING_CHUNKS = 1;

    public static SessionQoe of(List<ChunkRow> rows, QoeParams params) {
        if (rows.size() <= EXCLUDED_LEADING_CHUNKS) {
            throw new IllegalArgumentException("a session needs more than " + EXCLUDED_LEADING_CHUNKS
                    + " chunk(s) to be scored, got " + rows.size());
        }
        double reward = 0;
        double bitrate = 0;
        double rebuf = 0;
        double smooth = 0;
        for (int i = EXCLUDED_LEADING_CHUNKS; i < rows.size(); i++) {
            ChunkRow r = rows.get(i);
            int prev = rows.get(i - 1).bitrateKbps();
            reward += params.reward(r.bitrateKbps(), prev, r.rebufferS());
            bitrate += r.bitrateKbps() / 1000.0;
            rebuf += r.rebufferS();
            smooth += Math.abs(r.bitrateKbps() - prev) / 1000.0;
        }
        int n = rows.size() - EXCLUDED_LEADING_CHUNKS;
        return new SessionQoe(n, reward / n, bitrate / n, rebuf / n, params.rebufPenalty() * rebuf / n,
                params.smoothPenalty() * smooth / n, params.rebufPenalty());
    }
}
