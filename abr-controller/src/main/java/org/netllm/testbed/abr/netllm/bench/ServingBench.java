package org.netllm.testbed.abr.netllm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.netllm.testbed.abr.netllm.AbrDtLayout;
import org.netllm.testbed.abr.netllm.NetLlmAbrModel;
import org.netllm.testbed.abr.netllm.NetLlmAbrSession;
import org.netllm.testbed.abr.netllm.QualityChooser;
import org.netllm.testbed.netllm.serve.BatchStats;

/**
 * Decision latency of NetLLM sessions served concurrently from one model (docs/reference/abr.md §9.20): N
 * threads, each one session, step through 48-chunk episodes with random states as fast as they
 * can; every {@code step} (state encoding + backbone forward + head + sampling) is timed. The model
 * decides either through a shared batching executor (its batch-size histogram is reported) or
 * directly, each session running its own forward on its own thread.
 */
public final class ServingBench {

    /** Timesteps of one episode (docs/reference/abr.md §7.6: t = 0..47). */
    private static final double NANOS_PER_MS = 1e6;

    /**
     * Figures for one concurrency level; {@code batchHistogram} and {@code bypassed} are empty/0 on
     * the direct path. {@code cpuP50Ms}/{@code cpuP99Ms}: CPU time of the session's own thread per
     * decision — the whole decision when it runs on that thread (direct path, idle bypass), without
     * the worker's share when it was batched; unlike wall time it does not grow when other processes
     * take the cores, so it shows what the decision costs on a quiet machine.
     */
    public record Result(int sessions, int decisions, double p50Ms, double p99Ms, double maxMs, double decisionsPerS,
            long[] batchHistogram, long bypassed, double cpuP50Ms, double cpuP99Ms) {
    }

    private final NetLlmAbrModel model;
    private final Optional<BatchStats> stats;

    /**
     * @param model opened with a batching executor (pass its {@link BatchStats}) or without one
     *              ({@code Optional.empty()}: the direct path)
     */
    public ServingBench(NetLlmAbrModel model, Optional<BatchStats> stats) {
        this.model = model;
        this.stats = stats;
    }

    /**
     * @param sessions        concurrent sessions (threads)
     * @param decisionsPerSession timed decisions per session
     * @param warmupPerSession    untimed decisions per session first
     */
    public Result run(int sessions, int decisionsPerSession, int warmupPerSession) throws Exception {
        if (sessions < 1 || decisionsPerSession < 1 || warmupPerSession < 0) {
            throw new IllegalArgumentException("sessions and decisions must be >= 1, warm-up >= 0");
        }
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            CountDownLatch warmedUp = new CountDownLatch(sessions);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[][]>> futures = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                long seed = s;
                futures.add(pool.submit(() -> session(seed, decisionsPerSession, warmupPerSession, warmedUp, go)));
            }
            warmedUp.await();
            stats.ifPresent(BatchStats::reset);
            long start = System.nanoTime();
            go.countDown();
            long[] all = new long[sessions * decisionsPerSession];
            long[] cpu = new long[all.length];
            int k = 0;
            for (Future<long[][]> f : futures) {
                long[][] one = f.get();
                System.arraycopy(one[0], 0, all, k, one[0].length);
                System.arraycopy(one[1], 0, cpu, k, one[1].length);
                k += one[0].length;
            }
            double wallS = (System.nanoTime() - start) / 1e9;
            Arrays.sort(all);
            Arrays.sort(cpu);
            return new Result(sessions, all.length, percentile(all, 0.50), percentile(all, 0.99),
                    all[all.length - 1] / NANOS_PER_MS, all.length / wallS,
                    stats.map(BatchStats::histogram).orElse(new long[0]), stats.map(BatchStats::bypassed).orElse(0L),
                    percentile(cpu, 0.50), percentile(cpu, 0.99));
        } finally {
            pool.shutdownNow();
        }
    }

    /** {wall nanos, thread CPU nanos} per timed decision. */
    private long[][] session(long seed, int timed, int warmup, CountDownLatch warmedUp, CountDownLatch go)
            throws InterruptedException {
        Random rnd = new Random(seed);
        float[][] state = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[timed];
        long[] cpuNanos = new long[timed];
        try (NetLlmAbrSession session = new NetLlmAbrSession(model, 1.0, QualityChooser.sampling(seed))) {
            for (int i = 0; i < warmup; i++) {
                NetLlmAbrModel.randomDecision(session, state, rnd, i);
            }
            warmedUp.countDown();
            go.await();
            // stagger the sessions' episodes so their context lengths differ, as in a real server
            int offset = (int) (seed % NetLlmAbrModel.EPISODE_STEPS);
            for (int i = 0; i < timed; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                NetLlmAbrModel.randomDecision(session, state, rnd, offset + i);
                nanos[i] = System.nanoTime() - t0;
                cpuNanos[i] = threads.getCurrentThreadCpuTime() - c0;
            }
        }
        return new long[][] {nanos, cpuNanos};
    }

    /** Nearest-rank percentile of sorted nanos, in ms. */
    private static double percentile(long[] sorted, double q) {
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(idx, 0)] / NANOS_PER_MS;
    }
}
