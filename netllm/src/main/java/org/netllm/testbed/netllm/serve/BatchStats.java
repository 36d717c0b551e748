package org.netllm.testbed.netllm.serve;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts of backbone forwards by batch size (index = batch size), for benches and metrics. */
public final class BatchStats {

    private final AtomicLongArray forwardsBySize;
    private final AtomicLong bypassed = new AtomicLong();

    BatchStats(int maxBatch) {
        this.forwardsBySize = new AtomicLongArray(maxBatch + 1);
    }

    void record(int batchSize) {
        forwardsBySize.incrementAndGet(batchSize);
    }

    /** A batch of 1 run on the submitter's thread by the idle bypass (also counted in the histogram). */
    void recordBypass() {
        bypassed.incrementAndGet();
        record(1);
    }

    /** Forwards the idle bypass ran on the submitter's thread. */
    public long bypassed() {
        return bypassed.get();
    }

    /** forwards[n] = forwards that carried n decisions (index 0 unused). */
    public long[] histogram() {
        long[] h = new long[forwardsBySize.length()];
        for (int i = 0; i < h.length; i++) {
            h[i] = forwardsBySize.get(i);
        }
        return h;
    }

    public long forwards() {
        long n = 0;
        for (int i = 0; i < forwardsBySize.length(); i++) {
            n += forwardsBySize.get(i);
        }
        return n;
    }

    public long decisions() {
        long n = 0;
        for (int i = 0; i < forwardsBySize.length(); i++) {
            n += i * forwardsBySize.get(i);
        }
        return n;
    }

    /** Starts a new measurement. */
    public void reset() {
        for (int i = 0; i < forwardsBySize.length(); i++) {
            forwardsBySize.set(i, 0);
        }
        bypassed.set(0);
    }
}
