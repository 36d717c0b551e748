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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
                BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(16, GATHER, 64, false))) {
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
                BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(8, GATHER, 8, false))) {
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
            BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(2, Duration.ZERO, 8, false));
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
    void idleBypassRunsALoneRequestAtOnceOnTheCallersThread() throws Exception {
        // a gather window far longer than any forward: a request that waited for it could not be done at once
        BatchingOptions opts = new BatchingOptions(8, Duration.ofSeconds(5), 8, true);
        try (NDManager m = full.manager().newSubManager(); BatchingDecisionExecutor ex = new BatchingDecisionExecutor(opts)) {
            NDArray seq = m.randomNormal(new Shape(9, HIDDEN));
            float[] expected = full.forward(seq.expandDims(0)).get(0, 8).toFloatArray();
            for (int i = 0; i < 3; i++) {
                CompletableFuture<NDArray> f = ex.submit(full, seq, m);
                assertTrue(f.isDone(), "a lone request must have run before submit returned");
                assertClose(expected, f.get().toFloatArray(), "bypassed request " + i);
            }
            assertEquals(3, ex.stats().bypassed());
            assertEquals(3, ex.stats().histogram()[1]);
        }
    }

    @Test
    void requestsArrivingWhileABypassRunsStillBatch() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Backbone gated = new GatedView(full, entered, release);
        int queued = 3;
        BatchingOptions opts = new BatchingOptions(queued, GATHER, 8, true);
        try (NDManager m = full.manager().newSubManager(); BatchingDecisionExecutor ex = new BatchingDecisionExecutor(opts)) {
            List<NDArray> seqs = new ArrayList<>();
            for (int i = 0; i <= queued; i++) {
                seqs.add(m.randomNormal(new Shape(4 + 3 * i, HIDDEN)));
            }
            CompletableFuture<CompletableFuture<NDArray>> lone = CompletableFuture.supplyAsync(
                    () -> ex.submit(gated, seqs.get(0), m));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the lone request never reached the backbone");
            List<CompletableFuture<NDArray>> later = new ArrayList<>();
            for (int i = 1; i <= queued; i++) {
                later.add(ex.submit(gated, seqs.get(i), m));
            }
            release.countDown();
            for (int i = 1; i <= queued; i++) {
                NDArray s = seqs.get(i);
                long len = s.getShape().get(0);
                assertClose(full.forward(s.expandDims(0)).get(0, len - 1).toFloatArray(),
                        later.get(i - 1).get().toFloatArray(), "queued request " + i);
            }
            lone.get().get();
            long[] h = ex.stats().histogram();
            assertEquals(1, ex.stats().bypassed(), java.util.Arrays.toString(h));
            assertEquals(1, h[queued], "the requests queued behind the bypass share one forward: "
                    + java.util.Arrays.toString(h));
        }
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new BatchingOptions(0, Duration.ZERO, 4, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchingOptions(4, Duration.ofMillis(-1), 4, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchingOptions(8, Duration.ZERO, 4, true));
    }

    private static void assertClose(float[] expected, float[] got, String what) {
        assertEquals(expected.length, got.length, what);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], got[j], TOL, what + " element " + j);
        }
    }

    /** A test double that delegates to a real view; subclasses override the forward they change. */
    private abstract static class DelegatingView implements Backbone {
        final Backbone real;

        DelegatingView(Backbone real) {
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
            return real.forward(inputsEmbeds);
        }

        @Override
        public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
            return real.forwardAt(inputsEmbeds, positions);
        }

        @Override
        public List<NDArray> trainableParameters() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    /** A view whose forwards wait for {@code release} after signalling {@code entered}. */
    private static final class GatedView extends DelegatingView {
        private final CountDownLatch entered;
        private final CountDownLatch release;

        GatedView(Backbone real, CountDownLatch entered, CountDownLatch release) {
            super(real);
            this.entered = entered;
            this.release = release;
        }

        @Override
        public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
            entered.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.forwardAt(inputsEmbeds, positions);
        }
    }

    /**
     * Issue 11: the worker used to catch RuntimeException only, so an Error from the native engine (out of memory,
     * a linkage error) escaped the group: its requests never completed and their sessions hung.
     */
    @Test
    void anErrorInAForwardFailsItsRequestsAndTheWorkerLivesOn() throws Exception {
        Backbone erring = new ErrorView(full);
        try (NDManager m = full.manager().newSubManager();
                BatchingDecisionExecutor ex = new BatchingDecisionExecutor(new BatchingOptions(8, GATHER, 8, false))) {
            NDArray seq = m.randomNormal(new Shape(3, HIDDEN));
            CompletableFuture<NDArray> a = ex.submit(erring, seq, m);
            CompletableFuture<NDArray> b = ex.submit(erring, seq, m);
            for (CompletableFuture<NDArray> f : List.of(a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> f.get(10, java.util.concurrent.TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof BatchForwardException, e.getCause().toString());
                assertTrue(e.getCause().getMessage().contains("device out of memory"), e.getCause().getMessage());
            }
            // the same worker still serves later requests
            assertEquals(HIDDEN, ex.submit(full, seq, m).get(10, java.util.concurrent.TimeUnit.SECONDS).getShape().get(0));
        }
    }

    /** A view whose forward throws an Error, as libtorch running out of memory does. */
    private static final class ErrorView extends DelegatingView {
        ErrorView(Backbone real) {
            super(real);
        }

        @Override
        public NDArray forward(NDArray inputsEmbeds) {
            throw new OutOfMemoryError("device out of memory");
        }

        @Override
        public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
            throw new OutOfMemoryError("device out of memory");
        }
    }

    /** A view whose forwards fail, as a broken adapter would. */
    private static final class FailingView extends DelegatingView {
        FailingView(Backbone real) {
            super(real);
        }

        @Override
        public NDArray forward(NDArray inputsEmbeds) {
            throw new IllegalStateException("broken view");
        }

        @Override
        public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
            throw new IllegalStateException("broken view");
        }
    }
}
