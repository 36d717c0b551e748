package org.netllm.testbed.netllm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;

/**
 * Real DJL + TinyLlama (GQA: 4 query heads on 2 kv heads): micro-batched, right-padded forwards give
 * each request exactly what its own unbatched forward gives, across mixed lengths and two task views
 * of one shared backbone.
 */
class BatchingDecisionExecutorTest {

    private static final int HIDDEN = 32;
    private static final double TOL = 1e-5;
    /** Long enough that every request submitted in a burst joins the first batch. */
    private static final Duration GATHER = Duration.ofMillis(300);

    @TempDir
    static Path dir;
    private static SharedBackboneLoader loader;
    private static Backbone full;
    private static Backbone earlyExit;

    @BeforeAll
    static void load() throws IOException {
        Path base = dir.resolve("base");
        TinyLlama.write(base, TinyLlama.Spec.defaults().withSizes(HIDDEN, 3, 4, 2, 64).withSeed(9));
        loader = new SharedBackboneLoader(LoadOptions.defaults());
        full = loader.load(base, Optional.empty(), -1);
        earlyExit = loader.load(base, Optional.empty(), 0); // another task's view: stops after layer 0
    }

    @AfterAll
    static void close() {
        full.close();
        earlyExit.close();
        assertEquals(0, loader.loadedBackbones(), "the shared weights are freed with the last view");
    }

    @Test
    void oneBackboneServesBothViews() {
        assertEquals(1, loader.loadedBackbones());
        assertTrue(full.manager() == earlyExit.manager());
    }

    @Test
    void batchedEqualsUnbatchedForMixedLengthsAndViews() throws Exception {
        int[] lengths = {1, 7, 23, 15, 40, 2, 31, 8, 40, 19};
        try (NDManager m = full.manager().newSubManager();
                BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(16, GATHER, 64))) {
            List<NDArray> seqs = new ArrayList<>();
            List<Backbone> views = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                NDArray seq = m.randomNormal(new Shape(lengths[i], HIDDEN));          // (seq, hidden)
                Backbone view = i % 3 == 0 ? earlyExit : full;
                seqs.add(seq);
                views.add(view);
                expected.add(view.forward(seq.expandDims(0)).get(0, lengths[i] - 1).toFloatArray());
            }
            List<CompletableFuture<NDArray>> results = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                results.add(ex.submit(views.get(i), seqs.get(i), m));
            }
            for (int i = 0; i < lengths.length; i++) {
                float[] got = results.get(i).get().toFloatArray();
                assertClose(expected.get(i), got, "request " + i + " (length " + lengths[i] + ")");
            }
            long[] h = ex.stats().histogram();
            // one forward per view: 4 early-exit requests, 6 full ones
            assertEquals(2, ex.stats().forwards(), "forwards by size " + java.util.Arrays.toString(h));
            assertEquals(1, h[4]);
            assertEquals(1, h[6]);
        }
    }

    @Test
    void views_reallyDiffer() {
        try (NDManager m = full.manager().newSubManager()) {
            NDArray x = m.randomNormal(new Shape(1, 5, HIDDEN));
            float[] a = full.forward(x).toFloatArray();
            float[] b = earlyExit.forward(x).toFloatArray();
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            assertTrue(diff > 1e-3, "early exit must change the output, diff " + diff);
        }
    }

    @Test
    void aFailingForwardFailsOnlyItsGroup() throws Exception {
        Backbone broken = new FailingView(full);
        try (NDManager m = full.manager().newSubManager();
                BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(8, GATHER, 8))) {
            NDArray seq = m.randomNormal(new Shape(4, HIDDEN));
            CompletableFuture<NDArray> bad = ex.submit(broken, seq, m);
            CompletableFuture<NDArray> good = ex.submit(full, seq, m);
            ExecutionException e = assertThrows(ExecutionException.class, bad::get);
            assertTrue(e.getCause() instanceof BatchForwardException);
            assertTrue(e.getCause().getMessage().contains("broken view"), e.getCause().getMessage());
            assertEquals(HIDDEN, good.get().getShape().get(0));
        }
    }

    @Test
    void badShapesAreRejectedAtSubmit() {
        try (NDManager m = full.manager().newSubManager();
                BatchingDecisionExecutor ex = new BatchingDecisionExecutor(BatchingOptions.defaults())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ex.submit(full, m.zeros(new Shape(3, HIDDEN + 1)), m));
            assertTrue(e.getMessage().contains("(seq >= 1, 32)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ex.submit(full, m.zeros(new Shape(1, 3, HIDDEN)), m));
        }
    }

    @Test
    void closeFinishesQueuedWorkThenRefuses() throws Exception {
        try (NDManager m = full.manager().newSubManager()) {
            BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(2, Duration.ZERO, 8));
            List<CompletableFuture<NDArray>> queued = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                queued.add(ex.submit(full, m.randomNormal(new Shape(3 + i, HIDDEN)), m));
            }
            ex.close();
            for (CompletableFuture<NDArray> f : queued) {
                assertTrue(f.isDone() && !f.isCompletedExceptionally());
            }
            BatchForwardException e = assertThrows(BatchForwardException.class,
                    () -> ex.submit(full, m.randomNormal(new Shape(3, HIDDEN)), m));
            assertTrue(e.getMessage().contains("closed"));
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new BatchingOptions(0, Duration.ZERO, 4));
        assertThrows(IllegalArgumentException.class, () -> new BatchingOptions(4, Duration.ofMillis(-1), 4));
        assertThrows(IllegalArgumentException.class, () -> new BatchingOptions(8, Duration.ZERO, 4));
    }

    private static void assertClose(float[] expected, float[] got, String what) {
        assertEquals(expected.length, got.length, what);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], got[j], TOL, what + " element " + j);
        }
    }

    /** A view whose forward fails, as a broken adapter would. */
    private static final class FailingView implements Backbone {
        private final Backbone real;

        FailingView(Backbone real) {
            this.real = real;
        }

        @Override
        public int hiddenSize() {
            return real.hiddenSize();
        }

        @Override
        public NDManager manager() {
            return real.manager();
        }

        @Override
        public NDArray forward(NDArray inputsEmbeds) {
            throw new IllegalStateException("broken view");
        }

        @Override
        public List<NDArray> trainableParameters() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
