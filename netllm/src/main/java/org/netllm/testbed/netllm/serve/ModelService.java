package org.netllm.testbed.netllm.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The process's one NetLLM model service: every backbone folder loaded once ({@link SharedBackboneLoader}: shared
 * frozen weights, one LoRA adapter / early exit per task view), one {@link BatchingDecisionExecutor} through which
 * every task's decisions run their backbone forward, and a warm-up budget applied when a task opens its model.
 *
 * <p>An instance, not a static: the CLI wiring creates it once per process, hands it to the server's tasks
 * (docs/task-spi.md "Model service"), and closes it on shutdown. Tasks {@link #own} the models they open here, so
 * closing the service frees them even if a task forgot to. Model folders are chosen when the process starts
 * (flags), never by a request.
 */
public final class ModelService implements AutoCloseable {

    /**
     * Warm-up decisions a task runs when it opens its model: four 48-chunk ABR episodes, enough for the JIT to
     * compile the decision path and libtorch's allocator to hold every context length's buffers (the first real
     * decisions otherwise took several ms more).
     */
    public static final int DEFAULT_WARMUP_DECISIONS = 192;

    private final Supplier<SharedBackboneLoader> loaderSource;
    private SharedBackboneLoader loader;
    private final BatchingDecisionExecutor batcher;
    private final DecisionThreads decisions;
    private final int warmupDecisions;
    private final ForwardEngine engine;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private boolean closed;

    /** @param warmupDecisions untimed decisions a task should run on its model before serving it */
    public ModelService(SharedBackboneLoader loader, BatchingOptions options, int warmupDecisions) {
        this(() -> loader, options, warmupDecisions, ForwardEngine.DJL);
    }

    /** With {@link ForwardEngine#DJL} for every task. */
    public ModelService(Supplier<SharedBackboneLoader> loaderSource, BatchingOptions options, int warmupDecisions) {
        this(loaderSource, options, warmupDecisions, ForwardEngine.DJL);
    }

    /**
     * @param loaderSource called once, on the first {@link #loader()}: choosing the device starts libtorch, which a
     *                     process that never opens a model (a BBA-only server) should not pay for
     * @param engine       what runs inference forwards of the tasks that support a choice (NetLLM-VP)
     */
    public ModelService(Supplier<SharedBackboneLoader> loaderSource, BatchingOptions options, int warmupDecisions,
            ForwardEngine engine) {
        if (warmupDecisions < 0) {
            throw new IllegalArgumentException("warm-up decisions must be >= 0, got " + warmupDecisions);
        }
        this.loaderSource = loaderSource;
        this.batcher = new BatchingDecisionExecutor(options);
        // one thread per batch slot: up to maxBatch sessions can wait in one forward without taking a thread from
        // the server's pool (whose BBA sessions would otherwise queue behind them, and whose size would cap the
        // batch); beyond that, queueCapacity decisions wait, and more are refused at once (the server's 503)
        this.decisions = new DecisionThreads(options.maxBatch(), options.queueCapacity(), "netllm-decision-");
        this.warmupDecisions = warmupDecisions;
        this.engine = java.util.Objects.requireNonNull(engine, "engine");
    }

    /**
     * This machine's device (GPU + float16 when CUDA natives are present, chosen on first use), default batching
     * and warm-up, and the plain-Java forward for small backbones (measured faster on CPU: viewport-predictor/README.md).
     */
    public static ModelService forThisMachine() {
        return new ModelService(SharedBackboneLoader::forThisMachine, BatchingOptions.defaults(),
                DEFAULT_WARMUP_DECISIONS, ForwardEngine.PLAIN_JAVA_WHEN_SMALL);
    }

    /** What runs inference forwards of tasks that support a choice. */
    public ForwardEngine engine() {
        return engine;
    }

    /** The shared backbone loader (created on first call). */
    public synchronized SharedBackboneLoader loader() {
        if (closed) {
            throw new IllegalStateException("model service is closed");
        }
        if (loader == null) {
            loader = loaderSource.get();
        }
        return loader;
    }

    public BatchingDecisionExecutor batcher() {
        return batcher;
    }

    /** Backbone folders loaded now (0 before any model was opened; never starts the loader). */
    public synchronized int loadedBackbones() {
        return loader == null ? 0 : loader.loadedBackbones();
    }

    /**
     * Where model-backed decisions run (a task's {@code decideAsync}): their threads wait for the batched forward,
     * so the server's own worker pool never does. Bounded; a full queue rejects.
     */
    public Executor decisionExecutor() {
        return decisions;
    }

    public BatchStats stats() {
        return batcher.stats();
    }

    public int warmupDecisions() {
        return warmupDecisions;
    }

    /**
     * Takes ownership of {@code resource} (a task's opened model): {@link #close()} closes it, last opened first,
     * before stopping the batcher.
     */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        if (closed) {
            throw new IllegalStateException("model service is closed");
        }
        owned.push(resource);
        return resource;
    }

    /**
     * Lets running decisions finish (refusing new ones), then closes every owned model (newest first), then the
     * batcher; errors are collected, not swallowed. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        decisions.shutdownAndAwait(BatchingDecisionExecutor.MAX_WAIT_MS);
        List<Exception> errors = new ArrayList<>();
        synchronized (this) {
            for (AutoCloseable c; (c = owned.poll()) != null; ) {
                try {
                    c.close();
                } catch (Exception e) {
                    errors.add(e);
                }
            }
        }
        batcher.close();
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("closing " + errors.size() + " model(s) failed: "
                    + errors.get(0).getMessage(), errors.get(0));
            errors.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }
}
