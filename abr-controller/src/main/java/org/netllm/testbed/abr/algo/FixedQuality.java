package org.netllm.testbed.abr.algo;

/**
 * Always the same quality: the floor/ceiling reference every ABR study reports, and a fully
 * predictable algorithm for end-to-end checks (the browser must fetch exactly this level).
 */
public final class FixedQuality implements AbrAlgorithm {

    private final int quality;

    public FixedQuality(int quality, int levels) {
        if (quality < 0 || quality >= levels) {
            throw new IllegalArgumentException("fixed quality " + quality + " outside 0.." + (levels - 1));
        }
        this.quality = quality;
    }

    /** Cheap and bounded (a constant): the server decides it on the event loop. */
    @Override
    public boolean decidesInline() {
        return true;
    }

    @Override
    public String name() {
        return "fixed-" + quality;
    }

    @Override
    public int decide(AbrObservation obs) {
        return quality;
    }

    @Override
    public void reset() {
        // stateless
    }
}
