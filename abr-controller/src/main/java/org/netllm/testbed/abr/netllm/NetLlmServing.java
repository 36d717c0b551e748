package org.netllm.testbed.abr.netllm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.testbed.netllm.serve.BatchingDecisionExecutor;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;

/**
 * The process-wide NetLLM serving context: backbones loaded once ({@link SharedBackboneLoader}, on
 * the GPU when CUDA natives are present) and one {@link BatchingDecisionExecutor} through which
 * every session of every NetLLM model runs its backbone forward (a lone session's decision runs
 * directly on its thread: the executor's idle bypass). The registry's models open through
 * {@link #shared()}, once per JVM, and are warmed up before their first real decision; benches and
 * tests make their own instances.
 */
public final class NetLlmServing implements AutoCloseable {

    /**
     * Warm-up decisions run when {@link #shared()} opens a model: four 48-chunk episodes, enough for
     * the JIT to compile the decision path and libtorch's allocator to hold every context length's
     * buffers (the first real decisions otherwise took several ms more).
     */
    public static final int DEFAULT_WARMUP_DECISIONS = 192;

    private static final class Holder {
        static final NetLlmServing SHARED = new NetLlmServing(SharedBackboneLoader.forThisMachine(),
                BatchingOptions.defaults(), DEFAULT_WARMUP_DECISIONS);
    }

    private final SharedBackboneLoader loader;
    private final BatchingDecisionExecutor batcher;
    private final int warmupDecisions;

    /** A serving context that opens models without warm-up. */
    public NetLlmServing(SharedBackboneLoader loader, BatchingOptions options) {
        this(loader, options, 0);
    }

    /** @param warmupDecisions untimed decisions {@link #open} runs on each model before returning it */
    public NetLlmServing(SharedBackboneLoader loader, BatchingOptions options, int warmupDecisions) {
        if (warmupDecisions < 0) {
            throw new IllegalArgumentException("warm-up decisions must be >= 0, got " + warmupDecisions);
        }
        this.loader = loader;
        this.batcher = new BatchingDecisionExecutor(options);
        this.warmupDecisions = warmupDecisions;
    }

    /** The process's serving context (created on first use; its worker is a daemon thread). */
    public static NetLlmServing shared() {
        return Holder.SHARED;
    }

    /** Opens a checkpoint on the shared backbone with the batched forward, then warms it up. */
    public NetLlmAbrModel open(Path dir) throws IOException {
        NetLlmAbrModel model = NetLlmAbrModel.open(dir, loader, Optional.empty(), Optional.of(batcher));
        try {
            model.warmUp(warmupDecisions);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    public int warmupDecisions() {
        return warmupDecisions;
    }

    public SharedBackboneLoader loader() {
        return loader;
    }

    public BatchingDecisionExecutor batcher() {
        return batcher;
    }

    /** Stops the batcher; close the models opened here first. */
    @Override
    public void close() {
        batcher.close();
    }
}
