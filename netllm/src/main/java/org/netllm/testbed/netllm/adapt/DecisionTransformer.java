package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * Decision-transformer policy on a frozen backbone (docs/reference/abr.md §7.1–7.3, §7.6), independent of
 * the task: per step the sequence is [R_i, o_i¹..o_iᵏ, a_i] for the stored past steps (oldest
 * first) followed by the current [R_t, o_t¹..o_tᵏ]; each token carries the time embedding of its own
 * step — return, observation and action tokens alike (token layout 2: {@code OfflineRLPolicy.sample}
 * pushes {@code embed_action(x) + time_embeddings}, NetLLM@105bcf0, as in training); the sequence is
 * cut to its last {@code maxContextTokens}, LayerNorm'd per token,
 * run through the backbone, and the head reads the hidden state at the last position (the last
 * observation token, index 8i+6 for ABR).
 *
 * <p>Usage per step: {@link #predict} → choose an action from the output → {@link #commitAction}
 * with the task's action encoding. The modules are immutable and shared by all sessions; each
 * session has its own {@link DtInferenceState}.
 *
 * @param <O> the task's observation type
 */
public final class DecisionTransformer<O> {

    private final Backbone backbone;
    private final MultimodalEncoder<O> encoder;
    private final DtEmbeddings embeddings;
    private final NetworkingHead head;
    private final int window;
    private final int maxContextTokens;
    private final boolean residual;
    private final LastHiddenForward forward;

    /**
     * @param window           w: past steps kept per session
     * @param maxContextTokens tokens kept at the end of the stacked sequence (the original uses the
     *                         backbone's hidden size, docs/reference/abr.md §7.2)
     * @param residual         add the LayerNorm'd input to the backbone output (original default false)
     */
    public DecisionTransformer(Backbone backbone, MultimodalEncoder<O> encoder, DtEmbeddings embeddings,
            NetworkingHead head, int window, int maxContextTokens, boolean residual) {
        this(backbone, encoder, embeddings, head, window, maxContextTokens, residual,
                LastHiddenForward.direct(backbone));
    }

    private DecisionTransformer(Backbone backbone, MultimodalEncoder<O> encoder, DtEmbeddings embeddings,
            NetworkingHead head, int window, int maxContextTokens, boolean residual, LastHiddenForward forward) {
        if (embeddings.hidden() != backbone.hiddenSize()) {
            throw new IllegalArgumentException("embeddings have width " + embeddings.hidden()
                    + " but the backbone's hidden size is " + backbone.hiddenSize());
        }
        if (maxContextTokens < encoder.tokens() + 1) {
            throw new IllegalArgumentException("maxContextTokens " + maxContextTokens + " cannot hold one step of "
                    + (encoder.tokens() + 1) + " tokens");
        }
        this.backbone = backbone;
        this.encoder = encoder;
        this.embeddings = embeddings;
        this.head = head;
        this.window = window;
        this.maxContextTokens = maxContextTokens;
        this.residual = residual;
        this.forward = forward;
    }

    /**
     * The same modules and backbone with the backbone call routed through {@code f} (e.g. a
     * micro-batching executor shared by all sessions); sessions' states stay per session.
     */
    public DecisionTransformer<O> withForward(LastHiddenForward f) {
        return new DecisionTransformer<>(backbone, encoder, embeddings, head, window, maxContextTokens, residual, f);
    }

    /** The frozen backbone (with its adapter) this transformer runs on. */
    public Backbone backbone() {
        return backbone;
    }

    public DtInferenceState newState() {
        return new DtInferenceState(window, backbone.manager());
    }

    public int window() {
        return window;
    }

    public NetworkingHead head() {
        return head;
    }

    public DtEmbeddings embeddings() {
        return embeddings;
    }

    /** Tokens one completed step contributes: return + k observation tokens + action. */
    public int tokensPerStep() {
        return encoder.tokens() + 2;
    }

    /**
     * Head output for the current step; remembers the step's embeddings in {@code state} until
     * {@link #commitAction} supplies the action taken.
     */
    public float[] predict(DtInferenceState state, O observation, double returnToGo, int timestep) {
        try (NDManager step = state.manager().newSubManager()) {
            NDArray time = embeddings.time(timestep);                                  // (1, E)
            time.attach(step);
            NDArray ret = embeddings.returnToken(returnToGo, time, step);              // (1, E)
            NDArray obs = encoder.encode(observation, step).add(time);                 // (k, E)
            NDList parts = new NDList();
            for (Iterator<NDArray[]> it = state.past(); it.hasNext(); ) {
                NDArray[] p = it.next();
                parts.add(p[0]);                                                       // (1, E)
                parts.add(p[1]);                                                       // (k, E)
                parts.add(p[2]);                                                       // (1, E)
            }
            parts.add(ret);
            parts.add(obs);
            NDArray seq = NDArrayConcat.rows(parts, step);                             // (L, E)
            long len = seq.getShape().get(0);
            if (len > maxContextTokens) {
                seq = seq.get((len - maxContextTokens) + ":");                         // keep the last tokens
                len = maxContextTokens;
            }
            NDArray ln = embeddings.layerNorm(seq);                                    // (L, E)
            NDArray last = forward.lastHidden(ln, step);                               // (E)
            if (residual) {
                last = last.add(ln.get(len - 1));
            }
            float[] out = head.apply(last).toFloatArray();                            // (outputs)
            state.setPending(ret, obs, timestep);
            return out;
        }
    }

    /** Pushes the pending step with the action taken, encoded as the task's scalar (ABR: (q+1)/6). */
    public void commitAction(DtInferenceState state, double actionInput) {
        if (!state.hasPending()) {
            throw new IllegalStateException("commitAction without a preceding predict");
        }
        try (NDManager step = state.manager().newSubManager()) {
            // the action token carries the time embedding of the step it belongs to (docs/reference/abr.md §7.6)
            NDArray time = embeddings.time(state.pendingTimestep());                   // (1, E)
            time.attach(step);
            state.commit(embeddings.actionToken(actionInput, time, step));             // (1, E)
        }
    }
}
