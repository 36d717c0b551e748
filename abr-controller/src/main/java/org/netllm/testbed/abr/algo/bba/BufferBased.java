package org.netllm.testbed.abr.algo.bba;

import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;

/**
 * BBA (Huang et al. 2014) as NetLLM's {@code run_baseline.py} and GENET's
 * {@code agent_policy/bba.py} implement it (docs/reference/abr.md §6.1): below the reservoir the lowest
 * quality, above reservoir + cushion the highest, in between a linear map truncated toward zero.
 * Reads the buffer after the chunk (sim) / the client-reported buffer (emulator), i.e.
 * {@link AbrObservation#bufferS()}. Stateless.
 */
public final class BufferBased implements AbrAlgorithm {

    public static final String NAME = "bba";
    /** Reservoir, seconds (docs/reference/abr.md §6.1). */
    public static final double RESERVOIR_S = 5.0;
    /** Cushion, seconds (docs/reference/abr.md §6.1). */
    public static final double CUSHION_S = 10.0;

    private final int topQuality;

    public BufferBased(int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("BBA needs at least one quality level, got " + levels);
        }
        this.topQuality = levels - 1;
    }

    /** Cheap and bounded (a buffer-to-rate map, well under a microsecond): the server decides it on the event loop. */
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

    /** docs/reference/abr.md §6.1: q = top·(buffer − reservoir)/cushion, truncated toward zero, clamped at both ends. */
    public int qualityFor(double bufferS) {
        if (bufferS < RESERVOIR_S) {
            return 0;
        }
        if (bufferS >= RESERVOIR_S + CUSHION_S) {
            return topQuality;
        }
        // GENET sends the float (e.g. "2.73") and dash.js parseInt truncates it: same as (int)
        return (int) (topQuality * (bufferS - RESERVOIR_S) / CUSHION_S);
    }

    @Override
    public void reset() {
        // stateless
    }
}
