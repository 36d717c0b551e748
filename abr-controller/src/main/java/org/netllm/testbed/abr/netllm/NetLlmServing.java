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
 * every session of every NetLLM model runs its backbone forward. The registry's models open
 * through {@link #shared()}; benches and tests make their own instances.
 */
public final class NetLlmServing implements AutoCloseable {

    private static final class Holder {
        static final NetLlmServing SHARED = new NetLlmServing(SharedBackboneLoader.forThisMachine(),
                BatchingOptions.defaults());
    }

    private final SharedBackboneLoader loader;
    private final BatchingDecisionExecutor batcher;

    public NetLlmServing(SharedBackboneLoader loader, BatchingOptions options) {
        this.loader = loader;
        this.batcher = new BatchingDecisionExecutor(options);
    }

    /** The process's serving context (created on first use; its worker is a daemon thread). */
    public static NetLlmServing shared() {
        return Holder.SHARED;
    }

    /** Opens a checkpoint on the shared backbone with the batched forward. */
    public NetLlmAbrModel open(Path dir) throws IOException {
        return NetLlmAbrModel.open(dir, loader, Optional.empty(), Optional.of(batcher));
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
