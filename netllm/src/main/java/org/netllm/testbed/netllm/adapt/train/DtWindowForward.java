package org.netllm.testbed.netllm.adapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.MultimodalEncoder;
import org.netllm.testbed.netllm.adapt.NetworkingHead;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * The training forward of the decision transformer ({@code OfflineRLPolicy.forward},
 * docs/reference/abr.md §7.1–7.4) over a batch of windows, built from the same modules and functions as
 * inference ({@code DecisionTransformer.predict}): the encoder's batched path, {@link DtEmbeddings}
 * linears / timestep table / LayerNorm, the backbone and the head. Per window of w steps the tokens
 * are [R_i, o_i¹..o_iᵏ, a_i] (i = 0..w−1) with the timestep embedding added to all k + 2 tokens
 * (token layout 2, as at inference); the head reads the hidden state at every last
 * observation token (index (k+2)·i + k).
 */
public final class DtWindowForward<O> {

    private final Backbone backbone;
    private final MultimodalEncoder<O> encoder;
    private final DtEmbeddings embeddings;
    private final NetworkingHead head;
    private final boolean residual;

    public DtWindowForward(Backbone backbone, MultimodalEncoder<O> encoder, DtEmbeddings embeddings,
            NetworkingHead head, boolean residual) {
        this.backbone = backbone;
        this.encoder = encoder;
        this.embeddings = embeddings;
        this.head = head;
        this.residual = residual;
    }

    /** One batch of {@code batch} windows of {@code window} steps, flattened window-major (B·w entries). */
    public record Batch<O>(int batch, int window, List<O> observations, float[] returns, float[] actionInputs,
            int[] actions, int[] timesteps) {
        public Batch {
            int n = batch * window;
            if (observations.size() != n || returns.length != n || actionInputs.length != n || actions.length != n
                    || timesteps.length != n) {
                throw new IllegalArgumentException("batch of " + batch + "×" + window + " needs " + n + " entries per field");
            }
        }
    }

    /** Head outputs at every last-observation position: (B, w, outputs). */
    public NDArray logits(Batch<O> b, NDManager m) {
        int n = b.batch() * b.window();
        int k = encoder.tokens();
        int perStep = k + 2;
        int len = b.window() * perStep;
        if (len > embeddings.hidden()) {
            // docs/reference/abr.md §7.2 cuts the sequence to its last E tokens; a window that long would lose whole steps
            throw new IllegalArgumentException("a window of " + b.window() + " steps is " + len
                    + " tokens, more than the " + embeddings.hidden() + "-token context (hidden size); use a smaller w");
        }
        var device = embeddings.timestepTable().getDevice();
        NDArray obs = encoder.encodeBatch(b.observations(), m);                                     // (n, k, E)
        NDArray ret = embeddings.embedReturn().forward(
                m.create(b.returns(), new Shape(n, 1)).toDevice(device, false)).expandDims(1);      // (n, 1, E)
        NDArray act = embeddings.embedAction().forward(
                m.create(b.actionInputs(), new Shape(n, 1)).toDevice(device, false)).expandDims(1); // (n, 1, E)
        NDArray idx = m.create(b.timesteps()).toType(DataType.INT64, false).toDevice(device, false);  // (n)
        NDArray rows = embeddings.timestepTable().get(idx);                                        // (n, E)
        rows.attach(m); // a gather on the table belongs to the table's manager otherwise
        NDArray time = rows.expandDims(1);                                                         // (n, 1, E)
        NDArray tokens = NDArrays.concat(new NDList(ret, obs, act), 1).add(time);                  // (n, k+2, E)
        NDArray seq = tokens.reshape(b.batch(), len, embeddings.hidden());                         // (B, L, E)
        NDArray ln = embeddings.layerNorm(seq);                                                    // (B, L, E)
        NDArray hidden = backbone.forward(ln);                                                     // (B, L, E)
        if (residual) {
            hidden = hidden.add(ln);
        }
        NDArray atObs = hidden.reshape(b.batch(), b.window(), perStep, embeddings.hidden())
                .get(":, :, " + k);                                                                // (B, w, E)
        return head.apply(atObs);                                                                  // (B, w, A)
    }

    /**
     * NetLLM's accumulated loss for these windows: Σ_windows mean_w CE(logits, action) / accum
     * (each window's loss is divided by the accumulation steps before backward, docs/reference/abr.md §7.4).
     */
    public NDArray loss(Batch<O> b, int accum, NDManager m) {
        NDArray logits = logits(b, m);                                                             // (B, w, A)
        NDArray target = m.create(b.actions()).toType(DataType.INT64, false)
                .toDevice(logits.getDevice(), false).reshape(b.batch(), b.window(), 1);               // (B, w, 1)
        // gather the target's log-probability (a one-hot product would turn −inf·0 into NaN)
        NDArray nll = logits.logSoftmax(-1).gather(target, 2).squeeze(2).neg();                    // (B, w)
        return nll.mean(new int[] {1}).sum().div(accum);                                           // ()
    }
}
