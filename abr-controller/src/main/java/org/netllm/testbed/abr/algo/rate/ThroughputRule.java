package org.netllm.testbed.abr.algo.rate;

import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrObservation;

/**
 * Rate-based rule in the style of dash.js {@code ThroughputRule}: estimate = harmonic mean of the
 * last {@link #WINDOW} measured chunk throughputs (kbit/s = bytes·8/ms) × {@link #SAFETY_FACTOR}
 * (dash.js {@code BANDWIDTH_SAFETY_FACTOR} 0.9); pick the highest ladder bitrate not above it, the
 * lowest level if none is. Chunks with a 0 ms download time carry no throughput and are skipped
 * (as the state update does, docs/reference/abr.md §8.6 step 5). Per session; allocation-free.
 */
public final class ThroughputRule implements AbrAlgorithm {

    public static final String NAME = "throughput";
    /** Throughput samples averaged (the harmonic-mean window used by MPC, docs/reference/abr.md §6.2). */
    public static final int WINDOW = 5;
    /** dash.js BANDWIDTH_SAFETY_FACTOR. */
    public static final double SAFETY_FACTOR = 0.9;
    /** bytes/ms → kbit/s. */
    private static final double BITS_PER_BYTE = 8.0;

    private final int[] bitratesKbps;
    private final double[] samplesKbps = new double[WINDOW];
    private int count;
    private int head;

    public ThroughputRule(int[] bitratesKbps) {
        if (bitratesKbps.length < 1) {
            throw new IllegalArgumentException("throughput rule needs at least one quality level");
        }
        this.bitratesKbps = bitratesKbps.clone();
    }

    public static AbrAlgorithmFactory factory() {
        return context -> new ThroughputRule(context.video().bitratesKbps());
    }

    /** Cheap and bounded (a harmonic mean over the last chunks): the server decides it on the event loop. */
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
        if (!(obs.downloadMs() >= 0) || Double.isInfinite(obs.downloadMs()) || obs.chunkBytes() < 0) {
            throw new IllegalArgumentException("observation of chunk " + obs.chunkIndex()
                    + ": download time and bytes must be finite and >= 0, got " + obs.downloadMs() + " ms, "
                    + obs.chunkBytes() + " B");
        }
        if (obs.downloadMs() > 0) {
            samplesKbps[head] = obs.chunkBytes() * BITS_PER_BYTE / obs.downloadMs();
            head = (head + 1) % WINDOW;
            count = Math.min(count + 1, WINDOW);
        }
        if (count == 0) {
            return 0;
        }
        double reciprocalSum = 0.0;
        for (int i = 0; i < count; i++) {
            reciprocalSum += 1.0 / samplesKbps[i];
        }
        return qualityBelow(SAFETY_FACTOR * count / reciprocalSum);
    }

    /** Highest level whose bitrate is at most {@code kbps}; 0 if none. */
    int qualityBelow(double kbps) {
        int q = 0;
        for (int m = 0; m < bitratesKbps.length; m++) {
            if (bitratesKbps[m] <= kbps) {
                q = m;
            }
        }
        return q;
    }

    @Override
    public void reset() {
        count = 0;
        head = 0;
    }
}
