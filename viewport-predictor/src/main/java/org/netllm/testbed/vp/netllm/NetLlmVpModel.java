package org.netllm.testbed.vp.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.InferenceView;
import org.netllm.testbed.netllm.serve.ForwardEngine;
import org.netllm.testbed.vp.data.Axis;
import org.netllm.testbed.vp.data.Normalisation;
import org.netllm.testbed.vp.predict.ViewportPredictor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * NetLLM-VP at inference (docs/reference/vp.md §4.2): LayerNorm'd history tokens, then {@code horizon}
 * autoregressive steps — a backbone pass over the whole sequence (no KV cache, as upstream), the head on the
 * last hidden state, the prediction appended as a new token (LayerNorm'd unless the checkpoint asks for the
 * upstream quirk, {@link VpCheckpoint#layerNormAppended()}). Batch
 * rows are independent, so a batch gives each row's single-request answer (up to float rounding).
 *
 * <p>Two engines ({@link ForwardEngine}): DJL, the reference and the training path, reruns the backbone over the
 * whole sequence at each step; the plain-Java one ({@link PlainVpGenerator}) prefills the history into a KV cache
 * once and runs one token per step, with the same arithmetic (docs/reference/vp.md §4.4).
 * Thread-safe: every call works in its own NDManager or KV cache; the backbone view is read-only.
 */
public final class NetLlmVpModel implements ViewportPredictor, AutoCloseable {
    private final Backbone backbone;
    private final VpModules modules;
    private final VpCheckpoint checkpoint;
    /** The plain-Java generator, or null when this model runs on DJL. */
    private final PlainVpGenerator plain;

    NetLlmVpModel(Backbone backbone, VpModules modules, VpCheckpoint checkpoint, ForwardEngine engine) {
        this.backbone = backbone;
        this.modules = modules;
        this.checkpoint = checkpoint;
        boolean javaFits = backbone instanceof InferenceView v && v.plainJavaFits();
        this.plain = engine == ForwardEngine.PLAIN_JAVA_WHEN_SMALL && javaFits
                ? new PlainVpGenerator(((InferenceView) backbone).plainJava(), modules, checkpoint.layerNormAppended())
                : null;
    }

    /**
     * Opens a checkpoint folder on {@code backboneDir} (which must be the backbone it was trained on) through
     * {@code loader}: with the server's shared loader the backbone weights are shared with the other tasks.
     */
    public static NetLlmVpModel open(Path dir, Path backboneDir, BackboneLoader loader) throws IOException {
        return open(dir, backboneDir, loader, ForwardEngine.DJL);
    }

    /** As {@link #open(Path, Path, BackboneLoader)}, generating with {@code engine}. */
    public static NetLlmVpModel open(Path dir, Path backboneDir, BackboneLoader loader, ForwardEngine engine)
            throws IOException {
        VpCheckpoint c = VpCheckpoint.read(dir);
        c.requireBackbone(dir, backboneDir);
        Backbone view = loader.load(backboneDir, Optional.of(dir.resolve(VpCheckpoint.ADAPTER_DIR)), -1);
        try {
            if (view.hiddenSize() != c.hiddenSize()) {
                throw new IOException(dir + ": hidden_size " + c.hiddenSize() + " but the backbone has " + view.hiddenSize());
            }
            VpModules modules = VpModules.load(view.manager(), dir.resolve(VpCheckpoint.MODULES_FILE), c.hiddenSize());
            try {
                return new NetLlmVpModel(view, modules, c, engine);
            } catch (RuntimeException e) {
                modules.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            view.close();
            throw e;
        }
    }

    public VpCheckpoint checkpoint() {
        return checkpoint;
    }

    /** The engine generation actually runs on (DJL when the plain-Java one was asked for but does not fit). */
    public ForwardEngine engine() {
        return plain == null ? ForwardEngine.DJL : ForwardEngine.PLAIN_JAVA_WHEN_SMALL;
    }

    @Override
    public double[][] predict(double[][] history, int horizon) {
        return plain != null ? plain.predict(history, horizon) : predictBatch(new double[][][] {history}, horizon)[0];
    }

    /** (b, hw, 3) degrees → (b, horizon, 3) degrees; every row must have the same hw. */
    public double[][][] predictBatch(double[][][] histories, int horizon) {
        if (plain != null) {
            // no per-op overhead to amortise: rows one by one
            double[][][] out = new double[histories.length][][];
            for (int r = 0; r < histories.length; r++) {
                if (histories[r].length != histories[0].length) {
                    throw new IllegalArgumentException("every history of a batch needs " + histories[0].length + " rows");
                }
                out[r] = plain.predict(histories[r], horizon);
            }
            return out;
        }
        return predictBatchDjl(histories, horizon);
    }

    /** The DJL path: every step reruns the backbone over the whole sequence (no KV cache, as upstream). */
    private double[][][] predictBatchDjl(double[][][] histories, int horizon) {
        int b = histories.length;
        int hw = histories[0].length;
        float[] x = new float[b * hw * Axis.COUNT];
        int i = 0;
        for (double[][] h : histories) {
            if (h.length != hw) {
                throw new IllegalArgumentException("every history of a batch needs " + hw + " rows");
            }
            for (double[] row : Normalisation.normalise(h)) {
                for (double v : row) {
                    x[i++] = (float) v;
                }
            }
        }
        double[][][] out = new double[b][horizon][Axis.COUNT];
        try (NDManager m = backbone.manager().newSubManager()) {
            NDArray in = m.create(x, new Shape(b, hw, Axis.COUNT));
            NDArray tokens = modules.layerNorm(modules.embed(in)); // (b, hw, E)
            long[] last = new long[b];
            for (int k = 0; k < horizon; k++) {
                java.util.Arrays.fill(last, tokens.getShape().get(1) - 1);
                NDArray h = backbone.forwardAt(tokens, last); // (b, E)
                h.attach(m);
                NDArray y = modules.head(h.toType(DataType.FLOAT32, false)); // (b, 3) normalised
                float[] yv = y.toFloatArray();
                for (int r = 0; r < b; r++) {
                    for (Axis a : Axis.values()) {
                        out[r][k][a.ordinal()] = Normalisation.denormalise(a, yv[r * Axis.COUNT + a.ordinal()]);
                    }
                }
                if (k + 1 < horizon) {
                    // the prediction becomes the next token; upstream skips LayerNorm here (docs/reference/vp.md §4.2 quirk), which
                    // makes generation see tokens training never saw — our checkpoints record the choice
                    NDArray raw = modules.embed(y).reshape(b, 1, modules.hidden()); // (b, 1, E)
                    NDArray next = checkpoint.layerNormAppended() ? modules.layerNorm(raw) : raw;
                    tokens = NDArrays.concat(new NDList(tokens, next), 1);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        modules.close();
        backbone.close();
    }
}
