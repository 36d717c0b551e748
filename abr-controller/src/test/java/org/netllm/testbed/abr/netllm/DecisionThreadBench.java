package org.netllm.testbed.abr.netllm;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.ModelService;

/**
 * Where a served NetLLM decision's time goes when decisions arrive one at a time with idle gaps, as from a browser
 * (one report per chunk): the embedded default model on the process's {@link ModelService}, one 48-step episode per
 * way of running a decision, each decision {@code gapMs} after the previous one, timing per decision
 * <ul>
 *   <li>{@code handoff} = submit → the decision starts on its thread, plus its end → the submitter resumes, and</li>
 *   <li>{@code compute} = the decision itself (state → embeddings → backbone forward → head, on that thread).</li>
 * </ul>
 * Ways: the model service's decision executor as the server uses it; the pool it replaced (64 core threads,
 * idle ones woken first-in-first-out); one reused thread; a new thread per decision.
 * Run (module build): {@code java -cp "abr-controller/target/test-classes:abr-controller/target/classes:$(cat cp.txt)"
 * org.netllm.testbed.abr.netllm.DecisionThreadBench [gapMs] [episodes]}.
 */
public final class DecisionThreadBench {

    private static final long DEFAULT_GAP_MS = 100;

    private DecisionThreadBench() {
    }

    public static void main(String[] args) throws Exception {
        long gapMs = args.length > 0 ? Long.parseLong(args[0]) : DEFAULT_GAP_MS;
        int episodes = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (ModelService service = ModelService.forThisMachine()) {
            NetLlmAbrModel model = service.own(new NetLlmModels(service).open(NetLlmModels.defaultFolder()));
            ExecutorService single = Executors.newSingleThreadExecutor();
            // the decision executor before DecisionThreads: 64 core threads, FIFO wake-up of idle ones
            ThreadPoolExecutor fifo = new ThreadPoolExecutor(BatchingOptions.DEFAULT_MAX_BATCH,
                    BatchingOptions.DEFAULT_MAX_BATCH, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(BatchingOptions.DEFAULT_QUEUE_CAPACITY));
            Executor fresh = r -> new Thread(r).start();
            try {
                for (int e = 0; e < episodes; e++) {
                    run("model service executor", service.decisionExecutor(), model, gapMs);
                    run("64-core FIFO pool", fifo, model, gapMs);
                    run("one reused thread", single, model, gapMs);
                    run("new thread each", fresh, model, gapMs);
                }
            } finally {
                single.shutdown();
                fifo.shutdown();
            }
        }
    }

    private static void run(String label, Executor where, NetLlmAbrModel model, long gapMs) throws Exception {
        int n = NetLlmAbrModel.EPISODE_STEPS;
        double[] handoff = new double[n];
        double[] compute = new double[n];
        float[][] state = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
        Random rnd = new Random(1);
        try (NetLlmAbrSession session = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
            for (int i = 0; i < n; i++) {
                Thread.sleep(gapMs);
                int step = i;
                long submitted = System.nanoTime();
                long[] stamps = new long[2]; // started, finished (on the deciding thread)
                CompletableFuture.runAsync(() -> {
                    stamps[0] = System.nanoTime();
                    NetLlmAbrModel.randomDecision(session, state, rnd, step);
                    stamps[1] = System.nanoTime();
                }, where).get();
                long done = System.nanoTime();
                handoff[i] = (stamps[0] - submitted + done - stamps[1]) / 1e6; // there and back
                compute[i] = (stamps[1] - stamps[0]) / 1e6;
            }
        }
        System.out.printf(java.util.Locale.ROOT, "%-24s gap %4d ms: compute p50 %6.2f p90 %6.2f max %7.2f ms | handoff p50 %5.2f"
                + " p90 %5.2f max %6.2f ms%n", label, gapMs, p(compute, 50), p(compute, 90), max(compute), p(handoff, 50),
                p(handoff, 90), max(handoff));
    }

    private static double p(double[] v, double pct) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.ceil(pct / 100.0 * s.length) - 1)];
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
