package org.netllm.testbed.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;

/** Test algorithm: keeps a copy of every observation and answers (chunkIndex + 2) mod levels. */
public final class RecordingAlgorithm implements AbrAlgorithm {

    public static final String NAME = "recording";
    public final List<AbrObservation> seen = new CopyOnWriteArrayList<>();
    private final int levels;

    public RecordingAlgorithm(int levels) {
        this.levels = levels;
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
        seen.add(new AbrObservation(obs.chunkIndex(), obs.quality(), obs.bufferS(), obs.rebufferS(), obs.chunkBytes(),
                obs.downloadMs(), obs.chunksRemaining(), obs.nextSizesBytes().clone()));
        return answer(obs.chunkIndex(), levels);
    }

    @Override
    public void reset() {
        seen.clear();
    }
}
