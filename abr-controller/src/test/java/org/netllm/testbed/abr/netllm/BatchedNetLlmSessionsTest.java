package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.LlamaDtBackboneLoader;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;

/**
 * Concurrent NetLLM sessions whose backbone forwards are micro-batched decide exactly as the same
 * sessions run one by one on a directly opened model (real TinyLlama with GQA + LoRA, window 3, so
 * sequences of different lengths share batches).
 */
class BatchedNetLlmSessionsTest {

    private static final int SESSIONS = 6;
    private static final int STEPS = 6;
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    @Test
    void batchedSessionsMatchDirectSessions() throws Exception {
        RandomAbrCheckpoint.Spec spec = RandomAbrCheckpoint.Spec.embeddedShape()
                .withBackbone(TinyLlama.Spec.defaults().withSizes(32, 2, 4, 2, 64).withSeed(3)).withWindow(3);
        Path ckpt = RandomAbrCheckpoint.write(dir.resolve("ckpt"), spec);

        List<float[][][]> inputs = new ArrayList<>();
        Random rnd = new Random(17);
        for (int s = 0; s < SESSIONS; s++) {
            float[][][] steps = new float[STEPS][AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
            for (float[][] st : steps) {
                for (float[] row : st) {
                    for (int c = 0; c < row.length; c++) {
                        row[c] = (float) rnd.nextDouble();
                    }
                }
            }
            inputs.add(steps);
        }

        List<float[][]> direct = new ArrayList<>();
        try (NetLlmAbrModel model = NetLlmAbrModel.open(ckpt, LlamaDtBackboneLoader.INSTANCE, Optional.empty())) {
            for (int s = 0; s < SESSIONS; s++) {
                direct.add(run(model, inputs.get(s), s));
            }
        }

        List<float[][]> batched = new ArrayList<>();
        BatchingOptions opts = new BatchingOptions(SESSIONS, Duration.ofMillis(20), 4 * SESSIONS, false);
        ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
        try (ModelService serving = new ModelService(new SharedBackboneLoader(LoadOptions.defaults()), opts, 0);
                NetLlmAbrModel model = new NetLlmModels(serving).open(ckpt)) {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                int id = s;
                futures.add(pool.submit(() -> run(model, inputs.get(id), id)));
            }
            for (Future<float[][]> f : futures) {
                batched.add(f.get());
            }
            long[] h = serving.batcher().stats().histogram();
            long multi = 0;
            for (int n = 2; n < h.length; n++) {
                multi += h[n];
            }
            assertTrue(multi > 0, "some forwards must carry several sessions: " + java.util.Arrays.toString(h));
            assertEquals(SESSIONS * STEPS, serving.batcher().stats().decisions());
        } finally {
            pool.shutdownNow();
        }
        for (int s = 0; s < SESSIONS; s++) {
            for (int t = 0; t < STEPS; t++) {
                assertArrayEquals(direct.get(s)[t], batched.get(s)[t], (float) TOL, "session " + s + " step " + t);
            }
        }
    }

    /**
     * The serving context warms each model it opens with lone decisions (all taking the executor's
     * idle bypass), and the warm-up leaves no trace in later sessions.
     */
    @Test
    void servingWarmsUpEachModelAndLoneSessionsBypassTheWorker() throws Exception {
        RandomAbrCheckpoint.Spec spec = RandomAbrCheckpoint.Spec.embeddedShape()
                .withBackbone(TinyLlama.Spec.defaults().withSizes(32, 2, 4, 2, 64).withSeed(4)).withWindow(3);
        Path ckpt = RandomAbrCheckpoint.write(dir.resolve("ckpt"), spec);
        float[][][] steps = new float[STEPS][AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
        Random rnd = new Random(5);
        for (float[][] st : steps) {
            for (float[] row : st) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = (float) rnd.nextDouble();
                }
            }
        }
        float[][] direct;
        try (NetLlmAbrModel model = NetLlmAbrModel.open(ckpt, LlamaDtBackboneLoader.INSTANCE, Optional.empty())) {
            direct = run(model, steps, 0);
        }
        int warmup = 7;
        try (ModelService serving = new ModelService(new SharedBackboneLoader(LoadOptions.defaults()),
                BatchingOptions.defaults(), warmup); NetLlmAbrModel model = new NetLlmModels(serving).open(ckpt)) {
            assertEquals(warmup, serving.batcher().stats().decisions(), "warm-up decisions ran through the executor");
            assertEquals(warmup, serving.batcher().stats().bypassed(), "a lone session never waits for the worker");
            float[][] served = run(model, steps, 0);
            for (int t = 0; t < STEPS; t++) {
                assertArrayEquals(direct[t], served[t], (float) TOL, "step " + t);
            }
            assertEquals(warmup + STEPS, serving.batcher().stats().bypassed());
        }
    }

    /** One session's logits per step (argmax actions pushed; return-to-go varies per session). */
    private static float[][] run(NetLlmAbrModel model, float[][][] steps, int id) {
        float[][] logits = new float[steps.length][];
        try (NetLlmAbrSession session = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
            for (int t = 0; t < steps.length; t++) {
                logits[t] = session.step(steps[t], 0.05 - 0.01 * id - 0.002 * t, t, -1).logits();
            }
        }
        return logits;
    }
}
