package org.netllm.testbed.cjs.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * A loaded NetLLM-CJS checkpoint: the backbone view (shared frozen weights + this task's LoRA), the
 * {@link CjsModules} and the checkpoint's configuration. Immutable after opening; each decision works in its own
 * NDManager, so one model serves many episodes ({@link NetLlmCjsScheduler} holds the per-episode state).
 * Closing it closes the modules and the backbone view.
 */
public final class NetLlmCjsModel implements AutoCloseable {
    private final Backbone backbone;
    private final CjsModules modules;
    private final CjsCheckpoint checkpoint;

    public NetLlmCjsModel(Backbone backbone, CjsModules modules, CjsCheckpoint checkpoint) {
        this.backbone = backbone;
        this.modules = modules;
        this.checkpoint = checkpoint;
    }

    /**
     * Opens a checkpoint folder on {@code backboneDir} (which must be the backbone it was trained on) through
     * {@code loader}; with the process's shared loader the backbone weights are shared with the other tasks.
     */
    public static NetLlmCjsModel open(Path dir, Path backboneDir, BackboneLoader loader) throws IOException {
        CjsCheckpoint c = CjsCheckpoint.read(dir);
        c.requireBackbone(dir, backboneDir);
        Backbone view = loader.load(backboneDir, Optional.of(dir.resolve(CjsCheckpoint.ADAPTER_DIR)), -1);
        try {
            if (view.hiddenSize() != c.hiddenSize()) {
                throw new IOException(dir + ": hidden_size " + c.hiddenSize() + " but the backbone has " + view.hiddenSize());
            }
            CjsModules m = CjsModules.load(view.manager(), dir.resolve(CjsCheckpoint.MODULES_FILE), c.featureDim(),
                    c.hiddenSize(), c.timestepRows(), c.stageHead());
            return new NetLlmCjsModel(view, m, c);
        } catch (IOException | RuntimeException e) {
            view.close();
            throw e;
        }
    }

    public CjsCheckpoint checkpoint() {
        return checkpoint;
    }

    public CjsModules modules() {
        return modules;
    }

    public NDManager manager() {
        return backbone.manager();
    }

    /**
     * Pass of the LLM over a token sequence (before LayerNorm, oldest first, {@code tokens × d} row-major): keeps
     * the last {@link CjsCheckpoint#maxTokens()} tokens, LayerNorms them and returns the final hidden state at the
     * last position, (d).
     */
    public NDArray lastHidden(float[] tokens, int count, NDManager m) {
        return hiddenTail(tokens, count, 1, m).reshape(checkpoint.hiddenSize());          // (d)
    }

    /**
     * As {@link #lastHidden}, but the final hidden states of the last {@code rows} positions, (rows, d), oldest
     * first: the per-token stage head reads every stage token of the current step. One row uses the last-position
     * forward ({@link Backbone#forwardAt}); more rows run the full forward.
     */
    public NDArray hiddenTail(float[] tokens, int count, int rows, NDManager m) {
        int d = checkpoint.hiddenSize();
        int keep = Math.min(count, checkpoint.maxTokens());
        if (rows < 1 || rows > keep) {
            throw new IllegalArgumentException("cannot read the last " + rows + " hidden states of a " + keep
                    + "-token sequence (max_tokens " + checkpoint.maxTokens() + ")");
        }
        float[] kept = tokens;
        if (keep < count || tokens.length != count * d) {
            kept = java.util.Arrays.copyOfRange(tokens, (count - keep) * d, count * d);
        }
        NDArray seq = modules.layerNorm(m.create(kept, new Shape(1, keep, d)));           // (1, L, d)
        NDArray h = rows == 1
                ? backbone.forwardAt(seq, new long[] {keep - 1})                          // (1, d)
                : backbone.forward(seq).reshape(keep, d).get((keep - rows) + ":");         // (rows, d)
        h.attach(m);
        return h.toType(DataType.FLOAT32, false);                                         // (rows, d)
    }

    @Override
    public void close() {
        modules.close();
        backbone.close();
    }
}
