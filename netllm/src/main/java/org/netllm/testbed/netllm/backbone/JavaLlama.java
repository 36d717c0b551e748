package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.netllm.lora.LoraAdapter;

/**
 * A plain-Java float32 forward of a small Llama-family backbone, one token at a time with a KV cache, for
 * autoregressive inference (in the spirit of llama3.java). Same arithmetic as {@link LlamaBackbone}, which
 * stays the training path and the reference: RMSNorm, RoPE on halves, grouped-query attention with a float32
 * softmax, SiLU MLP, pre-norm blocks and the final norm after the exit layer (docs/reference/llama.md §4–§9).
 *
 * <p>Why it exists: for a hidden-128, two-layer backbone a DJL forward is dominated by per-op dispatch and JNI
 * cost (tens of ops per layer, each microseconds), not arithmetic; generating pw tokens multiplies that by pw.
 * Here one token costs a few hundred thousand multiply-adds and no native call (docs/reference/vp.md
 * §4.4).
 *
 * <p>LoRA is folded once at build, W' = W + (alpha/r)·B·A (docs/reference/llama.md §10), so an adapted view
 * copies only its adapted matrices; every other array is shared with the base's plain copy. Immutable and
 * thread-safe: each generation owns its {@link KvCache}.
 */
public final class JavaLlama {

    /** The largest backbone copied to the Java heap, in parameters (64 MiB of float32); bigger ones stay on DJL. */
    public static final long MAX_PARAMETERS = 16L << 20;
    /**
     * Positions whose RoPE rows are tabled at build (the same values {@link RotaryEmbedding#rowAt} gives; later
     * positions compute their row per token). 256 covers every VP and ABR sequence (hw + pw ≤ 90) for 64 KiB
     * at head_dim 32.
     */
    static final int ROPE_TABLE_POSITIONS = 256;

    private final LlamaConfig config;
    private final List<Layer> layers; // the layers that run: 0..exit layer
    private final float[] finalNorm;
    private final RotaryEmbedding rope;
    /** cos/sin rows (positions, head_dim) for the first {@link #ROPE_TABLE_POSITIONS} positions, computed once. */
    private final float[] ropeCos;
    private final float[] ropeSin;

    /**
     * One decoder block's weights: norms (hidden) and the seven Linears, stored as four: q/k/v stacked into
     * {@code qkv} (q_dim + 2·kv_dim outputs) and gate/up into {@code gateUp} (2·intermediate), so each token
     * runs one longer matrix-vector product per group ({@link PlainLinear#stacked}, bit-identical results).
     */
    record Layer(float[] inputNorm, float[] postNorm, PlainLinear qkv, PlainLinear o, PlainLinear gateUp, PlainLinear down) {

        static Layer of(float[] inputNorm, float[] postNorm, Map<LinearModule, PlainLinear> linears) {
            return new Layer(inputNorm, postNorm,
                    PlainLinear.stacked(linears.get(LinearModule.Q_PROJ), linears.get(LinearModule.K_PROJ), linears.get(LinearModule.V_PROJ)),
                    linears.get(LinearModule.O_PROJ),
                    PlainLinear.stacked(linears.get(LinearModule.GATE_PROJ), linears.get(LinearModule.UP_PROJ)),
                    linears.get(LinearModule.DOWN_PROJ));
        }

        /** Module {@code m} on its own (a copy for the stacked ones; used when folding an adapter at build). */
        PlainLinear linear(LinearModule m, LlamaConfig c) {
            int q = c.qDim();
            int kv = c.kvDim();
            int im = c.intermediateSize();
            return switch (m) {
                case Q_PROJ -> qkv.slice(0, q);
                case K_PROJ -> qkv.slice(q, q + kv);
                case V_PROJ -> qkv.slice(q + kv, q + 2 * kv);
                case O_PROJ -> o;
                case GATE_PROJ -> gateUp.slice(0, im);
                case UP_PROJ -> gateUp.slice(im, 2 * im);
                case DOWN_PROJ -> down;
            };
        }
    }

    /**
     * Keys and values of every position seen so far, per layer: (capacity, kv_dim) row-major with RoPE
     * already applied to the keys, and the per-token work arrays {@link #next} reuses, so a generation
     * allocates once, not per token. Owned by one generation; not thread-safe.
     */
    public static final class KvCache {
        private final float[][] keys;
        private final float[][] values;
        private final int capacity;
        private final Scratch scratch;
        private int length;

        private KvCache(LlamaConfig config, int layers, int capacity) {
            this.capacity = capacity;
            this.keys = new float[layers][capacity * config.kvDim()];
            this.values = new float[layers][capacity * config.kvDim()];
            this.scratch = new Scratch(config, capacity);
        }

        /** Positions filled so far; the next token takes this position. */
        public int length() {
            return length;
        }

        public int capacity() {
            return capacity;
        }
    }

    private JavaLlama(LlamaConfig config, List<Layer> layers, float[] finalNorm) {
        this.config = config;
        this.layers = List.copyOf(layers);
        this.finalNorm = finalNorm;
        RotaryEmbedding rope = RotaryEmbedding.of(config);
        this.rope = rope;
        this.ropeCos = rope.cos(ROPE_TABLE_POSITIONS);
        this.ropeSin = rope.sin(ROPE_TABLE_POSITIONS);
    }

    /** Whether {@code config} is small enough for the plain-Java forward ({@link #MAX_PARAMETERS}). */
    public static boolean fits(LlamaConfig config) {
        return parameters(config) <= MAX_PARAMETERS;
    }

    /** Decoder parameters (Linears and norms, no embedding table) of {@code config}. */
    public static long parameters(LlamaConfig config) {
        long perLayer = 2L * config.hiddenSize();
        for (LinearModule m : LinearModule.values()) {
            perLayer += m.inFeatures(config) * m.outFeatures(config) + (m.hasBias(config) ? m.outFeatures(config) : 0);
        }
        return perLayer * config.numHiddenLayers() + config.hiddenSize();
    }

    /** A float32 heap copy of {@code base}'s frozen weights, every layer, no adapter. */
    static JavaLlama copyOf(LlamaBackbone base) {
        LlamaConfig c = base.config();
        if (!fits(c)) {
            throw new IllegalArgumentException("backbone has " + parameters(c) + " parameters; the plain-Java forward"
                    + " takes at most " + MAX_PARAMETERS + " (use the DJL engine)");
        }
        Map<String, NDArray> w = base.weights();
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            Map<LinearModule, PlainLinear> linears = new EnumMap<>(LinearModule.class);
            for (LinearModule m : LinearModule.values()) {
                NDArray bias = w.get(m.path(i) + ".bias");
                linears.put(m, new PlainLinear(floats(w.get(m.path(i) + ".weight")), bias == null ? null : floats(bias),
                        Math.toIntExact(m.inFeatures(c)), Math.toIntExact(m.outFeatures(c))));
            }
            layers.add(Layer.of(floats(w.get("layers." + i + ".input_layernorm.weight")),
                    floats(w.get("layers." + i + ".post_attention_layernorm.weight")), linears));
        }
        return new JavaLlama(c, layers, floats(w.get("norm.weight")));
    }

    private static float[] floats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /**
     * This backbone with {@code adapter} folded into its Linears (null: none) and early exit after
     * {@code whichLayer} (Python-style index, −1 = all; docs/reference/abr.md §7.3).
     */
    public JavaLlama adapted(LoraAdapter adapter, int whichLayer) {
        int n = layers.size();
        int stop = whichLayer < 0 ? n + whichLayer : whichLayer;
        if (stop < 0 || stop >= n) {
            throw new IllegalArgumentException("which_layer " + whichLayer + " is out of range for a " + n
                    + "-layer model (valid: " + (-n) + ".." + (n - 1) + ")");
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i <= stop; i++) {
            Layer l = layers.get(i);
            if (adapter == null) {
                out.add(l);
                continue;
            }
            Map<LinearModule, PlainLinear> linears = new EnumMap<>(LinearModule.class);
            for (LinearModule m : LinearModule.values()) {
                LoraAdapter.Pair p = adapter.pair(i, m);
                PlainLinear base = l.linear(m, config);
                linears.put(m, p == null ? base : fold(base, floats(p.a()), floats(p.b()), adapter.config().rank(),
                        adapter.config().scale()));
            }
            out.add(Layer.of(l.inputNorm(), l.postNorm(), linears));
        }
        return new JavaLlama(config, out, finalNorm);
    }

    /** W + scale·B·A with A (r, in), B (out, r); the sum in double, rounded once. */
    private static PlainLinear fold(PlainLinear d, float[] a, float[] b, int rank, double scale) {
        float[] w = d.weight(); // a fresh copy
        for (int o = 0; o < d.out(); o++) {
            for (int i = 0; i < d.in(); i++) {
                double s = 0;
                for (int r = 0; r < rank; r++) {
                    s += (double) b[o * rank + r] * a[r * d.in() + i];
                }
                w[o * d.in() + i] = (float) (w[o * d.in() + i] + scale * s);
            }
        }
        return new PlainLinear(w, d.bias(), d.in(), d.out());
    }

    public LlamaConfig config() {
        return config;
    }

    public int hiddenSize() {
        return config.hiddenSize();
    }

    /** An empty cache for up to {@code capacity} positions. */
    public KvCache newCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("KV cache capacity must be >= 1, got " + capacity);
        }
        if (config.slidingWindow() > 0 && capacity > config.slidingWindow()) {
            throw new IllegalArgumentException("sequence length " + capacity + " exceeds the model's sliding_window "
                    + config.slidingWindow() + "; sliding-window attention is not implemented");
        }
        return new KvCache(config, layers.size(), capacity);
    }

    /**
     * Runs one token at position {@code cache.length()}: its embedding (hidden) in, its last_hidden_state
     * (hidden, after the final norm) out; appends its keys and values to {@code cache}. Feeding tokens 0..t
     * one by one gives what a full causal forward over them gives at each position.
     */
    public float[] next(float[] embedding, KvCache cache) {
        float[] out = new float[config.hiddenSize()];
        next(embedding, cache, out);
        return out;
    }

    /**
     * As {@link #next(float[], KvCache)}, writing the last_hidden_state into {@code out} (hidden; it may be
     * {@code embedding}): no allocation per token, the work arrays live in {@code cache}.
     */
    public void next(float[] embedding, KvCache cache, float[] out) {
        int hidden = config.hiddenSize();
        if (embedding.length != hidden) {
            throw new IllegalArgumentException("token embedding must have " + hidden + " values, got " + embedding.length);
        }
        if (out.length != hidden) {
            throw new IllegalArgumentException("output must have " + hidden + " values, got " + out.length);
        }
        if (cache.length >= cache.capacity) {
            throw new IllegalStateException("KV cache is full (" + cache.capacity + " positions)");
        }
        if (cache.keys.length != layers.size() || cache.scratch.x.length != hidden) {
            throw new IllegalArgumentException("KV cache was made for another model (" + cache.keys.length + " layers)");
        }
        int pos = cache.length;
        Scratch s = cache.scratch;
        int hd = config.headDim();
        if (pos < ROPE_TABLE_POSITIONS) {
            System.arraycopy(ropeCos, pos * hd, s.cos, 0, hd);
            System.arraycopy(ropeSin, pos * hd, s.sin, 0, hd);
        } else {
            rope.rowAt(pos, true, s.cos);
            rope.rowAt(pos, false, s.sin);
        }
        float[] x = s.x;
        System.arraycopy(embedding, 0, x, 0, hidden);
        for (int i = 0; i < layers.size(); i++) {
            block(layers.get(i), cache.keys[i], cache.values[i], pos, x, s);
        }
        cache.length = pos + 1;
        rmsNorm(x, finalNorm, out);
    }

    /** Every position's last_hidden_state (seq, hidden) for tokens (seq, hidden): the full causal forward. */
    public float[][] forward(float[][] tokens) {
        KvCache cache = newCache(tokens.length);
        float[][] out = new float[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            out[t] = next(tokens[t], cache);
        }
        return out;
    }

    /** Per-token work arrays, sized once per {@link KvCache} (one generation) and reused by every token. */
    private static final class Scratch {
        final float[] x;         // (hidden) the residual stream
        final float[] normed;    // (hidden)
        final float[] qkv;       // (q_dim + 2·kv_dim) q, k, v
        final float[] attn;      // (q_dim)
        final float[] projected; // (hidden)
        final float[] gateUp;    // (2·intermediate) gate, then up; gate becomes silu(gate)·up
        final float[] scores;    // (capacity) one head's attention row
        final float[] cos;       // (head_dim) this position's RoPE row
        final float[] sin;       // (head_dim)

        Scratch(LlamaConfig c, int capacity) {
            x = new float[c.hiddenSize()];
            normed = new float[c.hiddenSize()];
            qkv = new float[c.qDim() + 2 * c.kvDim()];
            attn = new float[c.qDim()];
            projected = new float[c.hiddenSize()];
            gateUp = new float[2 * c.intermediateSize()];
            scores = new float[capacity];
            cos = new float[c.headDim()];
            sin = new float[c.headDim()];
        }
    }

    /** x ← x + attn(input_layernorm(x)); x ← x + mlp(post_attention_layernorm(x)) (docs/reference/llama.md §8). */
    private void block(Layer l, float[] keys, float[] values, int pos, float[] x, Scratch s) {
        int hd = config.headDim();
        int kvDim = config.kvDim();
        int heads = config.numAttentionHeads();
        int groups = config.kvGroups();
        rmsNorm(x, l.inputNorm(), s.normed);
        float[] qkv = s.qkv; // (q_dim + 2·kv_dim): q at 0, k at q_dim, v at q_dim + kv_dim
        l.qkv().apply(s.normed, qkv);
        int kAt = config.qDim();
        int vAt = kAt + kvDim;
        float[] cos = s.cos;
        float[] sin = s.sin;
        for (int h = 0; h < heads; h++) {
            applyRope(qkv, h * hd, hd, cos, sin);
        }
        for (int h = 0; h < config.numKeyValueHeads(); h++) {
            applyRope(qkv, kAt + h * hd, hd, cos, sin);
        }
        System.arraycopy(qkv, kAt, keys, pos * kvDim, kvDim);
        System.arraycopy(qkv, vAt, values, pos * kvDim, kvDim);
        // causal attention of this position over positions 0..pos, all in the cache
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] scores = s.scores;
        for (int h = 0; h < heads; h++) {
            int kvOff = (h / groups) * hd; // GQA: query head h reads kv head h // groups (docs/reference/llama.md §6)
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j <= pos; j++) {
                scores[j] = PlainLinear.dot(qkv, h * hd, keys, j * kvDim + kvOff, hd) * scale;
                max = Math.max(max, scores[j]);
            }
            float sum = 0;
            for (int j = 0; j <= pos; j++) {
                scores[j] = (float) Math.exp(scores[j] - max);
                sum += scores[j];
            }
            int outOff = h * hd;
            java.util.Arrays.fill(s.attn, outOff, outOff + hd, 0f);
            for (int j = 0; j <= pos; j++) {
                float p = scores[j] / sum;
                int vOff = j * kvDim + kvOff;
                for (int d = 0; d < hd; d++) {
                    s.attn[outOff + d] += p * values[vOff + d];
                }
            }
        }
        l.o().apply(s.attn, s.projected);
        for (int i = 0; i < x.length; i++) {
            x[i] += s.projected[i];
        }
        // MLP: down(silu(gate(n)) · up(n)) (docs/reference/llama.md §7)
        rmsNorm(x, l.postNorm(), s.normed);
        float[] gu = s.gateUp; // (2·intermediate): gate, then up
        l.gateUp().apply(s.normed, gu);
        int im = config.intermediateSize();
        for (int i = 0; i < im; i++) {
            float g = gu[i];
            gu[i] = g / (1f + (float) Math.exp(-g)) * gu[im + i];
        }
        l.down().apply(gu, s.projected);
        for (int i = 0; i < x.length; i++) {
            x[i] += s.projected[i];
        }
    }

    /** weight · x / sqrt(mean(x²) + eps) (docs/reference/llama.md §4). */
    private void rmsNorm(float[] x, float[] weight, float[] out) {
        double sq = 0;
        for (float v : x) {
            sq += (double) v * v;
        }
        float denom = (float) Math.sqrt((float) (sq / x.length) + (float) config.rmsNormEps());
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] / denom * weight[i];
        }
    }

    /** q' = q·cos + rotate_half(q)·sin on one head at {@code off} (docs/reference/llama.md §5). */
    private static void applyRope(float[] q, int off, int hd, float[] cos, float[] sin) {
        int half = hd / 2;
        for (int d = 0; d < half; d++) {
            float x1 = q[off + d];
            float x2 = q[off + d + half];
            q[off + d] = x1 * cos[d] - x2 * sin[d];
            q[off + d + half] = x2 * cos[d + half] + x1 * sin[d + half];
        }
    }
}
