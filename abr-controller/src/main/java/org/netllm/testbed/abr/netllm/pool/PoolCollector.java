package org.netllm.testbed.abr.netllm.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.netllm.AbrDtLayout;
import org.netllm.testbed.abr.netllm.NetLlmAbrPolicy;
import org.netllm.testbed.abr.qoe.ChunkRecord;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.qoe.SessionRecord;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.sim.SimulationRunner;
import org.netllm.testbed.abr.sim.SimulationSettings;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.abr.state.PensieveState;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.netllm.adapt.train.ReturnsToGo;
import org.netllm.testbed.traces.CookedTrace;

/**
 * Collects an experience pool the way {@code N:generate_exp_pool.py} does (docs/reference/abr.md §7.5):
 * each baseline plays every trace of a plan in the simulator (sessions run by
 * {@link SimulationRunner#runSession}, so rewards are exactly the runner's); for every chunk k the
 * pool gets (state that chose chunk k's quality, that quality, r_k, k is the last chunk). The
 * first entry of each episode (zero state, default quality, uncontrolled chunk 0) is dropped,
 * leaving 47 transitions with timesteps 0..46 per 48-chunk episode.
 *
 * <p>States use NetLLM's conventions — 6×6, remaining chunks capped at 48 and counted as
 * {@code 47 − t} — through the same {@link PensieveState} update as {@link NetLlmAbrPolicy}, so
 * training sees what inference will see.
 */
public final class PoolCollector {

    /** Collection settings. {@code episodesPerTrace} rounds use seeds seed, seed+1, ... */
    public record Settings(VideoSpec video, List<CookedTrace> traces, String tracesLabel, int traceNum, boolean fixed,
            long seed, int episodesPerTrace, int threads) {
        public Settings {
            traces = List.copyOf(traces);
            if (episodesPerTrace < 1) {
                throw new IllegalArgumentException("--episodes-per-trace must be >= 1, got " + episodesPerTrace);
            }
            if (traceNum < 0) {
                throw new IllegalArgumentException("--trace-num must be >= 0, got " + traceNum);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }
    }

    /** One collected episode: its transitions in order. */
    record Episode(float[] states, int[] actions, float[] rewards) {
        int size() {
            return actions.length;
        }
    }

    private PoolCollector() {
    }

    /**
     * Runs every (policy, episode round, trace) session and concatenates the episodes in that
     * order. {@code progress} is told after each finished session.
     */
    public static ExperiencePool collect(List<String> policyNames, List<AbrAlgorithmFactory> policies, Settings s,
            SimulationRunner.Progress progress) {
        if (policyNames.size() != policies.size() || policies.isEmpty()) {
            throw new IllegalArgumentException("need one or more policies, got " + policyNames.size() + " names and "
                    + policies.size() + " factories");
        }
        List<TracePlan> plans = new ArrayList<>();
        for (int e = 0; e < s.episodesPerTrace(); e++) {
            plans.add(TracePlan.build(s.traces(), null, s.fixed(), s.traceNum(), new SplittableRandom(s.seed() + e)));
        }
        int total = policies.size() * plans.size() * plans.get(0).size();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads(), r -> {
            Thread t = new Thread(r, "pool-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Episode>> futures = new ArrayList<>(total);
            for (AbrAlgorithmFactory policy : policies) {
                for (int e = 0; e < plans.size(); e++) {
                    TracePlan plan = plans.get(e);
                    SimulationRunner runner = new SimulationRunner(new SimulationSettings(s.video(), QoeParams.NETLLM,
                            s.fixed(), SimConstants.TOTAL_VIDEO_CHUNKS, s.seed() + e, true, 1));
                    for (int k = 0; k < plan.size(); k++) {
                        int trace = k;
                        futures.add(pool.submit(() -> {
                            Episode ep = episode(runner, policy, plan, trace);
                            progress.sessionDone(done.incrementAndGet(), total);
                            return ep;
                        }));
                    }
                }
            }
            List<Episode> episodes = new ArrayList<>(total);
            for (Future<Episode> f : futures) {
                episodes.add(await(f));
            }
            return assemble(episodes, policyNames, plans.get(0), s);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Episode await(Future<Episode> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pool collection interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
        }
    }

    /** One session of {@code policy} on plan entry {@code k}, recorded. */
    static Episode episode(SimulationRunner runner, AbrAlgorithmFactory policy, TracePlan plan, int k) {
        List<float[]> chosenBy = new ArrayList<>();
        SessionRecord session = runner.runSession(ctx -> new Recording(policy.create(ctx), ctx.video().bitratesKbps(),
                chosenBy), plan, k);
        List<ChunkRecord> chunks = session.chunks();
        int n = chunks.size() - 1; // first entry dropped (docs/reference/abr.md §7.5)
        if (chosenBy.size() != n) {
            throw new IllegalStateException("session on " + session.traceName() + ": " + chosenBy.size()
                    + " decisions for " + chunks.size() + " chunks");
        }
        float[] states = new float[n * ExperiencePool.STATE_SIZE];
        int[] actions = new int[n];
        float[] rewards = new float[n];
        for (int t = 0; t < n; t++) {
            ChunkRecord c = chunks.get(t + 1);
            System.arraycopy(chosenBy.get(t), 0, states, t * ExperiencePool.STATE_SIZE, ExperiencePool.STATE_SIZE);
            actions[t] = c.quality();
            rewards[t] = (float) c.reward();
        }
        return new Episode(states, actions, rewards);
    }

    static ExperiencePool assemble(List<Episode> episodes, List<String> policyNames, TracePlan firstPlan, Settings s) {
        int n = episodes.stream().mapToInt(Episode::size).sum();
        float[] states = new float[n * ExperiencePool.STATE_SIZE];
        int[] actions = new int[n];
        float[] rewards = new float[n];
        boolean[] dones = new boolean[n];
        int at = 0;
        int maxTimestep = 0;
        for (Episode ep : episodes) {
            System.arraycopy(ep.states(), 0, states, at * ExperiencePool.STATE_SIZE, ep.states().length);
            System.arraycopy(ep.actions(), 0, actions, at, ep.size());
            System.arraycopy(ep.rewards(), 0, rewards, at, ep.size());
            at += ep.size();
            dones[at - 1] = true;
            maxTimestep = Math.max(maxTimestep, ep.size() - 1);
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float r : rewards) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        double maxReturn = 0;
        for (double r : ReturnsToGo.compute(rewards, dones, min, max, ReturnsToGo.DEFAULT_GAMMA, ReturnsToGo.DEFAULT_SCALE)) {
            maxReturn = Math.max(maxReturn, r);
        }
        List<String> names = firstPlan.traces().stream().map(CookedTrace::name).toList();
        PoolMetadata meta = new PoolMetadata(policyNames, s.tracesLabel(), names, s.video().name(), s.seed(), s.fixed(),
                s.episodesPerTrace(), episodes.size(), n, min, max, maxReturn, ReturnsToGo.DEFAULT_SCALE, maxTimestep);
        return new ExperiencePool(states, actions, rewards, dones, meta);
    }

    /**
     * Wraps a baseline: before each decision, records the NetLLM 6×6 state after the observed chunk
     * (the state that chooses the next chunk's quality).
     */
    private static final class Recording implements AbrAlgorithm {
        private final AbrAlgorithm inner;
        private final PensieveState state;
        private final List<float[]> out;

        Recording(AbrAlgorithm inner, int[] bitrates, List<float[]> out) {
            this.inner = inner;
            this.state = new PensieveState(bitrates, AbrDtLayout.STATE_COLS, NetLlmAbrPolicy.NETLLM_CHUNKS);
            this.out = out;
        }

        @Override
        public String name() {
            return inner.name();
        }

        /** The wrapper owns the policy it wraps (the runner closes the wrapper). */
        @Override
        public void close() {
            inner.close();
        }

        @Override
        public int decide(AbrObservation obs) {
            state.update(NetLlmAbrPolicy.netllmObservation(obs));
            float[] s = new float[ExperiencePool.STATE_SIZE];
            for (int r = 0; r < AbrDtLayout.STATE_ROWS; r++) {
                for (int c = 0; c < AbrDtLayout.STATE_COLS; c++) {
                    s[r * AbrDtLayout.STATE_COLS + c] = (float) state.get(r, c);
                }
            }
            out.add(s);
            return inner.decide(obs);
        }

        @Override
        public void reset() {
            state.reset();
            inner.reset();
        }
    }
}
