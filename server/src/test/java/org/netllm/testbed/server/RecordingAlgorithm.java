package org.netllm.testbed.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;

/**
 * Test algorithm: keeps a copy of every observation (and the thread that decided it) and answers (chunkIndex + 2)
 * mod levels; counts close() calls (per-session resources must be released when the session ends). Decides inline
 * or on a worker as constructed, so the server's two decision paths run the same tests.
 */
public final class RecordingAlgorithm implements AbrAlgorithm {

    public static final String NAME = "recording";
    public final List<AbrObservation> seen = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();
    public final AtomicInteger closes = new AtomicInteger();
    private final int levels;
    private final boolean inline;
    /** The chunk whose first decision throws, or -1. */
    private int failOnceAt;

    public RecordingAlgorithm(int levels) {
        this(levels, -1);
    }

    public RecordingAlgorithm(int levels, int failOnceAt) {
        this(levels, failOnceAt, false);
    }

    public RecordingAlgorithm(int levels, int failOnceAt, boolean inline) {
        this.levels = levels;
        this.failOnceAt = failOnceAt;
        this.inline = inline;
    }

    @Override
    public boolean decidesInline() {
        return inline;
    }

    public static int answer(int chunkIndex, int levels) {
        return (chunkIndex + 2) % levels;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int decide(AbrObservation obs) {
        if (obs.chunkIndex() == failOnceAt) {
            failOnceAt = -1;
            throw new IllegalStateException("decide failed once at chunk " + obs.chunkIndex());
        }
        threads.add(Thread.currentThread().getName());
        seen.add(new AbrObservation(obs.chunkIndex(), obs.quality(), obs.bufferS(), obs.rebufferS(), obs.chunkBytes(),
                obs.downloadMs(), obs.chunksRemaining(), obs.nextSizesBytes().clone()));
        return answer(obs.chunkIndex(), levels);
    }

    @Override
    public void reset() {
        seen.clear();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
