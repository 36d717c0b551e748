package org.netllm.testbed.abr.sim;

import static org.netllm.testbed.abr.sim.SimConstants.BITS_IN_BYTE;
import static org.netllm.testbed.abr.sim.SimConstants.BUFFER_THRESH_MS;
import static org.netllm.testbed.abr.sim.SimConstants.B_IN_MB;
import static org.netllm.testbed.abr.sim.SimConstants.DRAIN_BUFFER_SLEEP_MS;
import static org.netllm.testbed.abr.sim.SimConstants.LINK_RTT_MS;
import static org.netllm.testbed.abr.sim.SimConstants.MILLISECONDS_IN_SECOND;
import static org.netllm.testbed.abr.sim.SimConstants.NOISE_HIGH;
import static org.netllm.testbed.abr.sim.SimConstants.NOISE_LOW;
import static org.netllm.testbed.abr.sim.SimConstants.PACKET_PAYLOAD_PORTION;
import static org.netllm.testbed.abr.sim.SimConstants.VIDEO_CHUNK_LEN_MS;
import static org.netllm.testbed.abr.sim.SimConstants.WRAP_POINTER;
import static org.netllm.testbed.abr.sim.SimConstants.WRAP_TIME_S;

import java.util.SplittableRandom;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.traces.CookedTrace;

/**
 * NetLLM's chunk-level ABR simulator ({@code N:baseline_special/env.py}), step for step as
 * docs/reference/abr.md §3.2 describes it, cycling through a {@link TracePlan} round-robin (docs/reference/abr.md §3.2 step 9).
 * Arithmetic keeps the reference's operation order so fixed-mode results equal the reference's
 * doubles. Not thread-safe: one instance per session/thread.
 *
 * <p>Randomness (shuffle, drawn pointers, noise) comes from a seeded {@link SplittableRandom}, not
 * numpy's Mersenne Twister, so non-fixed runs are reproducible but not sample-identical to the
 * reference; fixed mode draws nothing.
 */
public final class ChunkSimulator {

    private final TracePlan plan;
    private final boolean fixed;
    private final int totalChunks;
    private final SplittableRandom rng;
    /** sizesByChunk[chunk][quality], bytes: the docs/reference/abr.md §3.2 step 10 "next sizes" rows, built once. */
    private final long[][] sizesByChunk;

    private int traceIter;
    private double[] time;
    private double[] bw;
    private int ptr;
    private double lastTimeS;
    private double bufferMs;
    private int counter;

    public ChunkSimulator(VideoSpec video, TracePlan plan, SimOptions options) {
        this(video, plan, options, new SplittableRandom(options.seed()));
    }

    /** With an RNG already used to build the plan (so shuffle, pointers and noise share one stream). */
    public ChunkSimulator(VideoSpec video, TracePlan plan, SimOptions options, SplittableRandom rng) {
        if (options.totalChunks() > video.chunks()) {
            throw new IllegalArgumentException("episode of " + options.totalChunks() + " chunks but video "
                    + video.name() + " has only " + video.chunks());
        }
        this.plan = plan;
        this.fixed = options.fixed();
        this.totalChunks = options.totalChunks();
        this.rng = rng;
        this.sizesByChunk = new long[totalChunks][video.levels()];
        for (int c = 0; c < totalChunks; c++) {
            for (int q = 0; q < video.levels(); q++) {
                sizesByChunk[c][q] = video.sizeBytes(q, c);
            }
        }
        loadTrace(0);
    }

    /** docs/reference/abr.md §3.1 step 4 / §3.2 step 9: current trace, its start pointer, clock at time[ptr − 1]. */
    private void loadTrace(int iter) {
        traceIter = iter;
        CookedTrace t = plan.traces().get(iter);
        time = t.timesS();
        bw = t.mbps();
        ptr = plan.pointers()[iter];
        lastTimeS = time[ptr - 1];
        bufferMs = 0.0;
        counter = 0;
    }

    /** Downloads the next chunk at {@code quality}; docs/reference/abr.md §3.2 steps 1–11 in order. */
    public ChunkResult step(int quality) {
        long[] row = sizesByChunk[counter];
        if (quality < 0 || quality >= row.length) {
            throw new IllegalArgumentException("quality " + quality + " outside 0.." + (row.length - 1));
        }
        long size = row[quality];

        // step 2: download over the trace; interval (time[ptr-1], time[ptr]] runs at bw[ptr]
        double delayS = 0.0;
        double sent = 0.0;
        while (true) {
            double rateBps = bw[ptr] * B_IN_MB / BITS_IN_BYTE; // bytes per second
            double durS = time[ptr] - lastTimeS;
            double payload = rateBps * durS * PACKET_PAYLOAD_PORTION;
            if (sent + payload > size) {
                double fracS = (size - sent) / rateBps / PACKET_PAYLOAD_PORTION;
                delayS += fracS;
                lastTimeS += fracS;
                break;
            }
            sent += payload;
            delayS += durS;
            lastTimeS = time[ptr];
            advancePointer();
        }

        // step 3: RTT, then noise (noise multiplies the RTT too)
        double delayMs = delayS * MILLISECONDS_IN_SECOND;
        delayMs += LINK_RTT_MS;
        if (!fixed) {
            delayMs *= rng.nextDouble(NOISE_LOW, NOISE_HIGH);
        }

        // steps 4–5
        double rebufMs = Math.max(delayMs - bufferMs, 0.0);
        bufferMs = Math.max(bufferMs - delayMs, 0.0);
        bufferMs += VIDEO_CHUNK_LEN_MS;

        // step 6: cap the buffer in 500 ms quanta and let the trace clock run while "sleeping"
        double sleepMs = 0.0;
        if (bufferMs > BUFFER_THRESH_MS) {
            double drainMs = bufferMs - BUFFER_THRESH_MS;
            sleepMs = Math.ceil(drainMs / DRAIN_BUFFER_SLEEP_MS) * DRAIN_BUFFER_SLEEP_MS;
            bufferMs -= sleepMs;
            while (true) {
                double durS = time[ptr] - lastTimeS;
                if (durS > sleepMs / MILLISECONDS_IN_SECOND) {
                    lastTimeS += sleepMs / MILLISECONDS_IN_SECOND;
                    break;
                }
                // quirk (docs/reference/abr.md §3.2.6): sleepMs ends as the residual, which is what the reference returns
                sleepMs -= durS * MILLISECONDS_IN_SECOND;
                lastTimeS = time[ptr];
                advancePointer();
            }
        }

        // steps 7–8
        double returnBufferMs = bufferMs;
        counter += 1;
        int remain = totalChunks - counter;

        // step 9: end of video → next trace of the plan, round-robin
        boolean endOfVideo = false;
        if (counter >= totalChunks) {
            endOfVideo = true;
            loadTrace((traceIter + 1) % plan.size());
        }

        // steps 10–11: next sizes are read after the reset
        return new ChunkResult(delayMs, sleepMs, returnBufferMs / MILLISECONDS_IN_SECOND,
                rebufMs / MILLISECONDS_IN_SECOND, size, sizesByChunk[counter], endOfVideo, remain);
    }

    /** docs/reference/abr.md §3.2 step 2: next sample; past the end wrap to sample 1 with the clock at 0 (docs/reference/abr.md §9.11). */
    private void advancePointer() {
        ptr += 1;
        if (ptr >= bw.length) {
            ptr = WRAP_POINTER;
            lastTimeS = WRAP_TIME_S;
        }
    }

    /** Buffer level now, ms (0 right after an end-of-video reset). */
    public double bufferMs() {
        return bufferMs;
    }

    /** Current trace sample index. */
    public int pointer() {
        return ptr;
    }

    /** Current trace clock, s. */
    public double traceTimeS() {
        return lastTimeS;
    }

    /** Chunks downloaded in the current episode. */
    public int chunkCounter() {
        return counter;
    }

    /** Position of the current trace in the plan. */
    public int traceIter() {
        return traceIter;
    }

    public TracePlan plan() {
        return plan;
    }

    public int totalChunks() {
        return totalChunks;
    }
}
