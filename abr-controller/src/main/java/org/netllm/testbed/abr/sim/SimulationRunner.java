package org.netllm.testbed.abr.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.ChunkRecord;
import org.netllm.testbed.abr.qoe.SessionRecord;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.traces.CookedTrace;

/**
 * Runs ABR algorithms through the chunk-level simulator, one fresh session per trace of a
 * {@link TracePlan}, in parallel across traces (NetLLM's {@code run_baseline.py} loop, docs/reference/abr.md §4.1–4.4).
 *
 * <p>Per session: chunk 0 at {@link SimConstants#DEFAULT_QUALITY} (uncontrolled), then after every
 * chunk but the last the algorithm sees the observation and picks the next chunk's quality.
 * Deliberate differences from the reference loop, all without effect on fixed-mode rewards of
 * stateless algorithms:
 * <ul>
 *   <li>every session gets a fresh algorithm instance — NetLLM never resets RobustMPC's error and
 *       estimate history between traces, we do (a session is one video playback);</li>
 *   <li>no decision is asked after the final chunk (the reference computes one and discards it);</li>
 *   <li>the logged time column restarts at 0 per session;</li>
 *   <li>noise/sampling RNGs are seeded per (seed, trace index), not one numpy stream for the run.</li>
 * </ul>
 */
public final class SimulationRunner {

    /** Called after each finished session, from worker threads. */
    @FunctionalInterface
    public interface Progress {
        void sessionDone(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private final SimulationSettings settings;

    public SimulationRunner(SimulationSettings settings) {
        this.settings = settings;
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** Runs each named factory over every trace of the plan; results in the given algorithm order. */
    public List<AlgorithmResult> run(List<String> names, List<AbrAlgorithmFactory> factories, TracePlan plan,
                                     Progress progress) {
        if (names.size() != factories.size()) {
            throw new IllegalArgumentException(names.size() + " names but " + factories.size() + " factories");
        }
        int total = names.size() * plan.size();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "sim-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<List<Future<SessionRecord>>> futures = new ArrayList<>();
            for (AbrAlgorithmFactory factory : factories) {
                List<Future<SessionRecord>> perAlgo = new ArrayList<>(plan.size());
                for (int i = 0; i < plan.size(); i++) {
                    int k = i;
                    perAlgo.add(pool.submit(() -> {
                        SessionRecord s = runSession(factory, plan, k);
                        progress.sessionDone(done.incrementAndGet(), total);
                        return s;
                    }));
                }
                futures.add(perAlgo);
            }
            List<AlgorithmResult> results = new ArrayList<>(names.size());
            for (int a = 0; a < names.size(); a++) {
                List<SessionRecord> sessions = new ArrayList<>(plan.size());
                for (int i = 0; i < plan.size(); i++) {
                    sessions.add(await(futures.get(a).get(i), names.get(a), plan.traces().get(i)));
                }
                results.add(AlgorithmResult.of(names.get(a), sessions));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static SessionRecord await(Future<SessionRecord> f, String algorithm, CookedTrace trace) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException("algorithm " + algorithm + " on trace " + trace.name() + ": "
                    + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()), c);
        }
    }

    /** One session: plan entry {@code k} alone, fresh simulator and fresh algorithm. */
    public SessionRecord runSession(AbrAlgorithmFactory factory, TracePlan plan, int k) {
        VideoSpec video = settings.video();
        CookedTrace trace = plan.traces().get(k);
        int pointer = plan.pointers()[k];
        int traceIndex = plan.sourceIndex()[k];
        ChunkSimulator sim = new ChunkSimulator(video, TracePlan.single(trace, pointer, traceIndex),
                new SimOptions(settings.fixed(), settings.totalChunks(),
                        SeedStreams.derive(settings.seed(), traceIndex, SeedStreams.ENVIRONMENT)));
        // the runner created the algorithm, so it closes it (NetLLM: the session's deques on the device)
        try (AbrAlgorithm algorithm = factory.create(new AbrContext(video, settings.qoe(), settings.totalChunks(),
                SeedStreams.derive(settings.seed(), traceIndex, SeedStreams.ALGORITHM), settings.sampling()))) {
            return play(algorithm, video, sim, trace, pointer, traceIndex);
        }
    }

    private SessionRecord play(AbrAlgorithm algorithm, VideoSpec video, ChunkSimulator sim, CookedTrace trace,
                               int pointer, int traceIndex) {
        int[] ladder = video.bitratesKbps();
        long[] nextSizes = new long[video.levels()]; // session-owned copy handed to the algorithm

        List<ChunkRecord> chunks = new ArrayList<>(settings.totalChunks());
        int quality = SimConstants.DEFAULT_QUALITY;
        int lastQuality = SimConstants.DEFAULT_QUALITY;
        double timeMs = 0.0;
        for (int chunk = 0; chunk < settings.totalChunks(); chunk++) {
            ChunkResult r = sim.step(quality);
            // reference order: time_stamp += delay; time_stamp += sleep_time
            timeMs += r.delayMs();
            timeMs += r.sleepMs();
            double reward = settings.qoe().reward(ladder[quality], ladder[lastQuality], r.rebufferS());
            double smoothness = Math.abs(ladder[quality] - ladder[lastQuality]) / SimConstants.MILLISECONDS_IN_SECOND;
            chunks.add(new ChunkRecord(chunk, quality, timeMs / SimConstants.MILLISECONDS_IN_SECOND, ladder[quality],
                    r.bufferS(), r.rebufferS(), r.chunkBytes(), r.delayMs(), smoothness, reward));
            lastQuality = quality;
            if (r.endOfVideo()) {
                break;
            }
            System.arraycopy(r.nextSizesBytes(), 0, nextSizes, 0, nextSizes.length);
            quality = algorithm.decide(new AbrObservation(chunk, lastQuality, r.bufferS(), r.rebufferS(),
                    r.chunkBytes(), r.delayMs(), r.remain(), nextSizes));
            if (quality < 0 || quality >= ladder.length) {
                throw new IllegalStateException("algorithm " + algorithm.name() + " chose quality " + quality
                        + " outside 0.." + (ladder.length - 1) + " after chunk " + chunk);
            }
        }
        return SessionRecord.of(trace.name(), traceIndex, pointer, chunks);
    }
}
