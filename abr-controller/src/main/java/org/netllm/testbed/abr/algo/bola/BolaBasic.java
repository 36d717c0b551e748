package org.netllm.testbed.abr.algo.bola;

import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrObservation;

/**
 * BOLA-BASIC (Spiteri, Urgaonkar, Sitaraman, INFOCOM 2016), parameterised exactly as dash.js
 * {@code BolaRule} derives V and γ_p from a buffer target. Stateless: the decision depends only on
 * the buffer level Q (seconds) reported after the chunk.
 *
 * <p>For each level m: utility v_m = ln(S_m / S_0) + 1, where S_m ∝ bitrate (sizes of a chunk are
 * bitrate × duration, so ln(size/size_min) = ln(bitrate/bitrate_min)); the "+1" is dash.js's
 * normalisation that puts the lowest utility at 1. Parameters (dash.js {@code calculateBolaParameters}):
 * bufferTime = max(target, MIN_BUFFER + MIN_BUFFER_PER_LEVEL·levels),
 * γ_p = (v_max − 1)/(bufferTime/MIN_BUFFER − 1), V_p = MIN_BUFFER/γ_p, chosen so the lowest level
 * wins at MIN_BUFFER seconds and the highest at bufferTime. Decision: the level maximising
 * (V_p·(v_m + γ_p) − Q) / S_m, later level on ties ({@code >=}, as dash.js
 * {@code getQualityFromBufferLevel}).
 */
public final class BolaBasic implements AbrAlgorithm {

    public static final String NAME = "bola";
    /** Buffer target, seconds: this testbed's 60 s buffer cap (docs/reference/abr.md §1 BUFFER_THRESH). */
    public static final double BUFFER_TARGET_S = 60.0;
    /** dash.js BolaRule MINIMUM_BUFFER_S: BOLA prefers the lowest level at or below this buffer. */
    public static final double MINIMUM_BUFFER_S = 10.0;
    /** dash.js BolaRule MINIMUM_BUFFER_PER_BITRATE_LEVEL_S. */
    public static final double MINIMUM_BUFFER_PER_LEVEL_S = 2.0;

    private final double[] utilities;
    private final double[] bitratesKbps;
    private final double vp;
    private final double gp;

    public BolaBasic(int[] bitratesKbps) {
        int levels = bitratesKbps.length;
        if (levels < 2) {
            throw new IllegalArgumentException("BOLA needs at least two quality levels, got " + levels);
        }
        this.bitratesKbps = new double[levels];
        this.utilities = new double[levels];
        for (int m = 0; m < levels; m++) {
            this.bitratesKbps[m] = bitratesKbps[m];
            this.utilities[m] = Math.log((double) bitratesKbps[m] / bitratesKbps[0]) + 1.0;
        }
        double bufferTime = Math.max(BUFFER_TARGET_S, MINIMUM_BUFFER_S + MINIMUM_BUFFER_PER_LEVEL_S * levels);
        this.gp = (utilities[levels - 1] - 1.0) / (bufferTime / MINIMUM_BUFFER_S - 1.0);
        this.vp = MINIMUM_BUFFER_S / gp;
    }

    public static AbrAlgorithmFactory factory() {
        return context -> new BolaBasic(context.video().bitratesKbps());
    }

    /** Cheap and bounded (a closed-form utility per level): the server decides it on the event loop. */
    @Override
    public boolean decidesInline() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int decide(AbrObservation obs) {
        return qualityFor(obs.bufferS());
    }

    /** argmax over m of (V_p·(v_m + γ_p) − Q)/S_m, later level on ties. */
    public int qualityFor(double bufferS) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < utilities.length; m++) {
            double score = (vp * (utilities[m] + gp) - bufferS) / bitratesKbps[m];
            if (score >= bestScore) {
                bestScore = score;
                best = m;
            }
        }
        return best;
    }

    public double vp() {
        return vp;
    }

    public double gammaP() {
        return gp;
    }

    @Override
    public void reset() {
        // stateless
    }
}
