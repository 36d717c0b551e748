package org.netllm.testbed.netllm.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.testbed.netllm.adapt.LastHiddenForward;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * Micro-batches concurrent sessions' decisions into shared backbone forwards (docs/reference/abr.md §9.20:
 * decision latency stalls the client, so one process serves many sessions from one backbone).
 *
 * <p>Sessions submit their LayerNorm'd token sequence (seq_i, hidden) for one decision. One worker
 * thread takes a request, gathers more until {@link BatchingOptions#maxBatch()} or
 * {@link BatchingOptions#maxWait()} has passed, groups them by backbone view (a view = the shared
 * frozen weights + one task's adapter and early exit; one forward per group), right-pads each group
 * to (batch, maxSeq, hidden) and runs ONE forward. Causal attention keeps every real position blind
 * to the padding after it, and positions are 0..seq−1 per row, so each session's last real
 * position equals its unbatched result; the backbone computes its last layer for those positions
 * only ({@link Backbone#forwardAt}). A failing forward fails only its group's requests.
 *
 * <p>Idle bypass ({@link BatchingOptions#idleBypass()}): a request submitted while no other is
 * queued or running runs at once on the submitter's thread, so a lone session's decision costs one
 * forward and no batching wait or thread hand-off; while it runs, later requests queue for the
 * worker and batch as usual.
 *
 * <p>Back-pressure: at most {@link BatchingOptions#queueCapacity()} requests wait; submitters block
 * beyond that. {@link #close()} refuses new requests, finishes those queued and stops the worker.
 */
public final class BatchingDecisionExecutor implements AutoCloseable {

    /** How often an idle worker re-checks whether it was closed. */
    private static final long IDLE_POLL_MS = 20;
    /**
     * The longest a submitter waits for room in the queue or for its forward. Far above any real forward (hundreds
     * of ms for an LLM on a CPU); reaching it means the device or the worker is wedged, and the decision fails
     * with a message saying so instead of hanging its session forever.
     */
    public static final long MAX_WAIT_MS = 60_000;

    private final BatchingOptions options;
    private final BlockingQueue<Request> queue;
    private final BatchStats stats;
    private final Thread worker;
    /** Requests submitted and not completed yet (queued, gathering or running, on either path). */
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean closed;

    /** One decision awaiting its forward. {@code sequence} (seq, hidden) stays owned by the submitter. */
    private record Request(Backbone backbone, NDArray sequence, NDManager owner, CompletableFuture<NDArray> result) {
        long length() {
            return sequence.getShape().get(0);
        }
    }

    public BatchingDecisionExecutor(BatchingOptions options) {
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.stats = new BatchStats(options.maxBatch());
        this.worker = new Thread(this::runWorker, "netllm-batcher");
        worker.setDaemon(true);
        worker.start();
    }

    public BatchingOptions options() {
        return options;
    }

    public BatchStats stats() {
        return stats;
    }

    /** The decision transformer's forward seam, routed through this executor for {@code backbone}. */
    public LastHiddenForward forwardFor(Backbone backbone) {
        return (sequence, owner) -> await(submit(backbone, sequence, owner));
    }

    /**
     * Queues one decision; blocks while the queue is full.
     *
     * @param backbone view to run (requests of the same view share a forward)
     * @param sequence (seq, hidden) on the backbone's device; must stay open until the result arrives
     * @param owner    manager that will own the result
     * @return completes with the (hidden) float32 last-position state, or fails with {@link BatchForwardException}
     */
    public CompletableFuture<NDArray> submit(Backbone backbone, NDArray sequence, NDManager owner) {
        Shape s = sequence.getShape();
        if (s.dimension() != 2 || s.get(0) < 1 || s.get(1) != backbone.hiddenSize()) {
            throw new IllegalArgumentException("a decision's sequence must be (seq >= 1, " + backbone.hiddenSize()
                    + "), got " + s);
        }
        if (closed) {
            throw new BatchForwardException("batching executor is closed");
        }
        Request r = new Request(backbone, sequence, owner, new CompletableFuture<>());
        if (options.idleBypass() && outstanding.compareAndSet(0, 1)) {
            r.result().whenComplete((v, e) -> outstanding.decrementAndGet());
            runGroup(backbone, List.of(r), true);
            return r.result();
        }
        outstanding.incrementAndGet();
        r.result().whenComplete((v, e) -> outstanding.decrementAndGet());
        try {
            if (!queue.offer(r, MAX_WAIT_MS, TimeUnit.MILLISECONDS)) {
                BatchForwardException err = new BatchForwardException("the decision queue stayed full ("
                        + options.queueCapacity() + " requests) for " + MAX_WAIT_MS + " ms");
                r.result().completeExceptionally(err);
                throw err;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            BatchForwardException err = new BatchForwardException("interrupted while waiting for room in the decision queue", e);
            r.result().completeExceptionally(err);
            throw err;
        }
        // close() may have drained the queue just before our put: nobody would run it then
        if (closed && queue.remove(r)) {
            r.result().completeExceptionally(new BatchForwardException("batching executor is closed"));
        }
        return r.result();
    }

    private static NDArray await(CompletableFuture<NDArray> f) {
        try {
            return f.get(MAX_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(false);
            throw new BatchForwardException("no batched forward result within " + MAX_WAIT_MS + " ms", e);
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new BatchForwardException("interrupted while waiting for a batched forward", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof BatchForwardException b) {
                throw new BatchForwardException(b.getMessage(), b);
            }
            throw new BatchForwardException("batched forward failed: " + c, c);
        } catch (CancellationException e) {
            throw new BatchForwardException("batched forward was cancelled", e);
        }
    }

    private void runWorker() {
        List<Request> batch = new ArrayList<>(options.maxBatch());
        while (!closed || !queue.isEmpty()) {
            try {
                Request first = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
            } catch (InterruptedException e) {
                // only close() could mean this, and close() never interrupts: keep draining
                Thread.interrupted();
            }
            if (!batch.isEmpty()) {
                try {
                    runBatch(batch);
                } catch (Throwable t) {
                    // never let the worker die: every request it held fails, later ones still run
                    failAll(batch, t);
                }
                batch.clear();
            }
        }
    }

    /** Adds queued requests up to maxBatch, waiting at most maxWait in total for late ones. */
    private void gather(List<Request> batch) throws InterruptedException {
        queue.drainTo(batch, options.maxBatch() - batch.size());
        long waitNanos = options.maxWait().toNanos();
        if (waitNanos == 0) {
            return;
        }
        long deadline = System.nanoTime() + waitNanos;
        while (batch.size() < options.maxBatch()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Request r = queue.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                return;
            }
            batch.add(r);
            queue.drainTo(batch, options.maxBatch() - batch.size());
        }
    }

    /** One forward per backbone view (views compare by identity: none overrides equals). */
    private void runBatch(List<Request> batch) {
        Map<Backbone, List<Request>> groups = new LinkedHashMap<>();
        for (Request r : batch) {
            if (!r.result().isDone()) { // a submitter that gave up (cancelled) needs no forward
                groups.computeIfAbsent(r.backbone(), b -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<Backbone, List<Request>> g : groups.entrySet()) {
            runGroup(g.getKey(), g.getValue(), false);
        }
    }

    /** One forward for {@code reqs} (all of view {@code backbone}); a failure fails exactly these requests. */
    private void runGroup(Backbone backbone, List<Request> reqs, boolean bypass) {
        try {
            List<NDArray> results = forwardGroup(backbone, reqs);
            // counted before any submitter sees its result: a caller that has all its results reads final stats
            if (bypass) {
                stats.recordBypass();
            } else {
                stats.record(reqs.size());
            }
            for (int i = 0; i < reqs.size(); i++) {
                if (!reqs.get(i).result().complete(results.get(i))) {
                    results.get(i).close(); // the submitter gave up (cancelled) meanwhile
                }
            }
        } catch (Throwable e) {
            // any Throwable: an Error from the native engine (out of memory, a linkage error) must fail these
            // requests, not leave their sessions waiting
            failAll(reqs, e);
        }
    }

    private static void failAll(List<Request> reqs, Throwable cause) {
        BatchForwardException err = new BatchForwardException("backbone forward of a batch of " + reqs.size()
                + " decisions failed: " + cause, cause);
        for (Request r : reqs) {
            r.result().completeExceptionally(err);
        }
    }

    /** One forward; each request's (hidden) float32 result, already owned by the request's owner. */
    private static List<NDArray> forwardGroup(Backbone backbone, List<Request> reqs) {
        long maxLen = 0;
        long[] lastPositions = new long[reqs.size()];
        for (int i = 0; i < reqs.size(); i++) {
            long len = reqs.get(i).length();
            maxLen = Math.max(maxLen, len);
            lastPositions[i] = len - 1; // each row's own last real position
        }
        try (NDManager scope = backbone.manager().newSubManager()) {
            NDList rows = new NDList(reqs.size());
            for (Request r : reqs) {
                rows.add(padRight(r.sequence(), maxLen, scope));                   // (maxLen, hidden)
            }
            NDArray input = rows.size() == 1 ? rows.get(0).expandDims(0) : NDArrays.stack(rows); // (batch, maxLen, hidden)
            input.attach(scope);
            NDArray hidden = backbone.forwardAt(input, lastPositions);               // (batch, hidden)
            hidden.attach(scope);
            List<NDArray> results = new ArrayList<>(reqs.size());
            for (int i = 0; i < reqs.size(); i++) {
                // a copy, so the batch's storage dies with the scope
                NDArray last = hidden.get(i).toType(DataType.FLOAT32, true);        // (hidden)
                last.attach(reqs.get(i).owner());
                results.add(last);
            }
            return results;
        }
    }

    /**
     * (len, hidden) → (maxLen, hidden) with zero rows after the real ones; the submitter's own array
     * when no padding is needed (it is only read), else a new one owned by {@code scope}.
     */
    private static NDArray padRight(NDArray seq, long maxLen, NDManager scope) {
        long len = seq.getShape().get(0);
        if (len == maxLen) {
            return seq;
        }
        NDArray pad = scope.zeros(new Shape(maxLen - len, seq.getShape().get(1)), seq.getDataType());
        NDArray out = NDArrays.concat(new NDList(seq, pad), 0);
        out.attach(scope);
        return out;
    }

    /** Refuses new requests, runs those already queued, then stops the worker. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Request r; (r = queue.poll()) != null; ) {
            r.result().completeExceptionally(new BatchForwardException("batching executor is closed"));
        }
    }
}
