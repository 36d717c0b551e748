package org.netllm.testbed.abr.qoe;

/**
 * Linear QoE (docs/reference/abr.md §4.1): per chunk r = B[q]/1000 − λ·rebuf_s − γ·|B[q] − B[q_prev]|/1000.
 * λ is recorded with every result because papers disagree (NetLLM 4.3, GENET emulator 43).
 *
 * @param rebufPenalty λ, per second of rebuffering
 * @param smoothPenalty γ, per Mbit/s of bitrate change
 */
public record QoeParams(double rebufPenalty, double smoothPenalty) {

    /** NetLLM / Pensieve λ (paper A.6). */
    public static final double NETLLM_REBUF_PENALTY = 4.3;
    /** GENET emulator's λ (G:constants.py). */
    public static final double GENET_EMULATOR_REBUF_PENALTY = 43.0;
    public static final double DEFAULT_SMOOTH_PENALTY = 1.0;

    public static final QoeParams NETLLM = new QoeParams(NETLLM_REBUF_PENALTY, DEFAULT_SMOOTH_PENALTY);

    public QoeParams {
        if (!(rebufPenalty >= 0) || !(smoothPenalty >= 0)) {
            throw new IllegalArgumentException("QoE penalties must be >= 0, got λ=" + rebufPenalty
                    + " γ=" + smoothPenalty);
        }
    }

    /** Per-chunk reward; bitrates in kbit/s, rebuffer in seconds. */
    public double reward(int bitrateKbps, int prevBitrateKbps, double rebufS) {
        return bitrateKbps / 1000.0 - rebufPenalty * rebufS
                - smoothPenalty * Math.abs(bitrateKbps - prevBitrateKbps) / 1000.0;
    }
}
