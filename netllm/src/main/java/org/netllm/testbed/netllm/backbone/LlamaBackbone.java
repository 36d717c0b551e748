package org.netllm.testbed.netllm.backbone;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netllm.testbed.netllm.io.SafetensorsFormatException;

/**
 * A Llama-family decoder stack (Llama, Mistral, Qwen2) loaded from a Hugging Face folder and run on
 * DJL PyTorch, reproducing transformers' LlamaModel fed with inputs_embeds (docs/reference/abr.md §7.3,
 * docs/reference/llama.md). No embedding table and no LM head are loaded: NetLLM feeds its own token
 * embeddings. The weights are frozen (never require gradients); gradients flow to the inputs and to
 * adapter parameters passed through {@link ForwardOptions#adapter()}.
 *
 * <p>Thread-safe for concurrent forwards: the weights are read-only and every call works in its own
 * NDManager scope.
 */
public final class LlamaBackbone implements Backbone {

    private static final Pattern LAYER_NAME = Pattern.compile("^(?:model\\.)?layers\\.(\\d+)\\.");

    private final LlamaConfig config;
    private final LoadOptions options;
    private final NDManager manager;
    private final List<DecoderLayerWeights> layers;
    private final NDArray finalNorm;
    private final RotaryEmbedding rope;
    private final Map<String, NDArray> weights;
    /**
     * Per-position constants on the device for the longest sequence seen so far, grown on demand (by
     * doubling) and sliced per call: building them per forward cost several small ops each time.
     * Replaced tables stay owned by {@link #manager} until close, so a concurrent forward still
     * slicing an old one is safe.
     */
    private volatile AttentionTables tables;
    /** rotate_half as a (head_dim, head_dim) signed permutation, in the compute dtype (see {@link #applyRope}). */
    private final NDArray rotateHalf;
    /** The plain-Java float32 copy of the weights, made on first {@link #plainJava()}; shared by every task view. */
    private JavaLlama plain;

    /**
     * @param cos (positions, head_dim) in the compute dtype
     * @param sin (positions, head_dim) in the compute dtype
     * @param causalMask (positions, positions) float32: float32 min where key > query, else 0
     */
    private record AttentionTables(int positions, NDArray cos, NDArray sin, NDArray causalMask) {
    }

    private LlamaBackbone(LlamaConfig config, LoadOptions options, NDManager manager, List<DecoderLayerWeights> layers,
            NDArray finalNorm, Map<String, NDArray> weights) {
        this.config = config;
        this.options = options;
        this.manager = manager;
        this.layers = List.copyOf(layers);
        this.finalNorm = finalNorm;
        this.rope = RotaryEmbedding.of(config);
        this.weights = Collections.unmodifiableMap(weights);
        this.rotateHalf = manager.create(rope.rotateHalfMatrix(), new Shape(config.headDim(), config.headDim()))
                .toType(options.dtype(), false);
        this.tables = buildTables(0);
    }

    /** Loads {@code dir} on the default device (GPU if present, else CPU) in float32. */
    public static LlamaBackbone load(Path dir) throws IOException {
        return load(dir, LoadOptions.defaults());
    }

    public static LlamaBackbone load(Path dir, LoadOptions options) throws IOException {
        LlamaConfig config = LlamaConfig.load(dir);
        NDManager manager = NDManager.newBaseManager(options.device());
        try (HfCheckpoint ckpt = HfCheckpoint.open(dir)) {
            checkNoExtraLayers(ckpt, config);
            WeightLoader loader = new WeightLoader(ckpt, manager, options);
            List<DecoderLayerWeights> layers = new ArrayList<>();
            Map<String, NDArray> named = new LinkedHashMap<>();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                DecoderLayerWeights w = loader.layer(i, config);
                layers.add(w);
                named.put("layers." + i + ".input_layernorm.weight", w.inputNorm());
                named.put("layers." + i + ".post_attention_layernorm.weight", w.postAttentionNorm());
                for (var e : w.linears().entrySet()) {
                    named.put(e.getKey().path(i) + ".weight", e.getValue().weight());
                    if (e.getValue().bias() != null) {
                        named.put(e.getKey().path(i) + ".bias", e.getValue().bias());
                    }
                }
            }
            NDArray norm = loader.load("norm.weight", config.hiddenSize());
            named.put("norm.weight", norm);
            return new LlamaBackbone(config, options, manager, layers, norm, named);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A randomly initialised backbone of {@code config}'s shape built directly in device memory (no
     * files): Linear weights ~ U(±1/sqrt(in)), norm weights 1. For latency benches of shapes too
     * large to write to disk (e.g. Llama2-7B); its outputs mean nothing. Seeded through the engine.
     */
    public static LlamaBackbone randomInMemory(LlamaConfig config, LoadOptions options, long seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        NDManager manager = NDManager.newBaseManager(options.device());
        try {
            List<DecoderLayerWeights> layers = new ArrayList<>();
            Map<String, NDArray> named = new LinkedHashMap<>();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                Map<LinearModule, LinearWeights> linears = new java.util.EnumMap<>(LinearModule.class);
                for (LinearModule m : LinearModule.values()) {
                    long in = m.inFeatures(config);
                    long out = m.outFeatures(config);
                    float bound = (float) (1.0 / Math.sqrt(in));
                    NDArray w = manager.randomUniform(-bound, bound, new Shape(out, in), options.dtype());
                    NDArray b = m.hasBias(config) ? manager.zeros(new Shape(out), options.dtype()) : null;
                    linears.put(m, new LinearWeights(w, b));
                    named.put(m.path(i) + ".weight", w);
                }
                DecoderLayerWeights w = new DecoderLayerWeights(manager.ones(new Shape(config.hiddenSize()), options.dtype()),
                        manager.ones(new Shape(config.hiddenSize()), options.dtype()), linears);
                layers.add(w);
            }
            NDArray norm = manager.ones(new Shape(config.hiddenSize()), options.dtype());
            named.put("norm.weight", norm);
            return new LlamaBackbone(config, options, manager, layers, norm, named);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A checkpoint with more layers than config.json declares means the two do not belong together. */
    private static void checkNoExtraLayers(HfCheckpoint ckpt, LlamaConfig config) throws SafetensorsFormatException {
        for (String name : ckpt.names()) {
            Matcher m = LAYER_NAME.matcher(name);
            if (m.find() && Integer.parseInt(m.group(1)) >= config.numHiddenLayers()) {
                throw new SafetensorsFormatException(ckpt.fileOf(name) + ": tensor '" + name
                        + "' belongs to a layer beyond num_hidden_layers = " + config.numHiddenLayers()
                        + " in config.json");
            }
        }
    }

    public LlamaConfig config() {
        return config;
    }

    public Device device() {
        return options.device();
    }

    public DataType dtype() {
        return options.dtype();
    }

    public int numLayers() {
        return layers.size();
    }

    /**
     * The weights as a plain-Java forward (all layers, no adapter), copied on first call and kept: task views
     * fold their adapters on top of it ({@link JavaLlama#adapted}), sharing every unadapted array.
     *
     * @throws IllegalArgumentException when the backbone is too large for it ({@link JavaLlama#fits})
     */
    public synchronized JavaLlama plainJava() {
        if (plain == null) {
            plain = JavaLlama.copyOf(this);
        }
        return plain;
    }

    /** The frozen tensors by LlamaModel-relative name (e.g. "layers.0.self_attn.q_proj.weight"). */
    public Map<String, NDArray> weights() {
        return weights;
    }

    @Override
    public int hiddenSize() {
        return config.hiddenSize();
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public NDArray forward(NDArray inputsEmbeds) {
        return forward(inputsEmbeds, ForwardOptions.DEFAULT).lastHiddenState();
    }

    @Override
    public NDArray forwardAt(NDArray inputsEmbeds, long[] positions) {
        return forwardAt(inputsEmbeds, positions, ForwardOptions.DEFAULT);
    }

    /** The frozen backbone itself trains nothing; see {@code LoraBackbone}. */
    @Override
    public List<NDArray> trainableParameters() {
        return List.of();
    }

    /**
     * Runs the decoder on inputs_embeds (batch, seq, hidden) at positions 0..seq−1 with a causal mask.
     * Outputs are on the backbone's device in its dtype and owned by the inputs' manager.
     */
    public BackboneOutput forward(NDArray inputsEmbeds, ForwardOptions opts) {
        int seq = checkInputs(inputsEmbeds);
        int stop = resolveStopLayer(opts.whichLayer());
        NDManager caller = inputsEmbeds.getManager();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = enterScope(inputsEmbeds, scope);
            AttentionContext ctx = attentionContext(scope, seq);
            List<NDArray> hidden = new ArrayList<>();
            for (int i = 0; i <= stop; i++) {
                if (opts.outputHiddenStates()) {
                    hidden.add(x);
                }
                x = decoderLayer(i, layers.get(i), x, ctx, opts);
            }
            NDArray out = rmsNorm(x, finalNorm);
            if (opts.outputHiddenStates()) {
                hidden.add(out);
            }
            out.attach(caller);
            for (NDArray h : hidden) {
                h.attach(caller);
            }
            return new BackboneOutput(out, hidden);
        }
    }

    /**
     * The final hidden state of row b at position {@code positions[b]} only: (batch, seq, hidden) →
     * (batch, hidden), equal to {@code forward(inputsEmbeds, opts)} at those positions. Layers before
     * the last run on every position (the last layer's keys and values need them all); the last layer
     * computes its query, attention output, MLP and the final norm for the selected positions alone.
     * Hidden states are not returned ({@code opts.outputHiddenStates()} is ignored).
     */
    public NDArray forwardAt(NDArray inputsEmbeds, long[] positions, ForwardOptions opts) {
        int seq = checkInputs(inputsEmbeds);
        long batch = inputsEmbeds.getShape().get(0);
        HiddenRows.check(positions, batch, seq);
        int stop = resolveStopLayer(opts.whichLayer());
        NDManager caller = inputsEmbeds.getManager();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = enterScope(inputsEmbeds, scope);
            AttentionContext ctx = attentionContext(scope, seq);
            for (int i = 0; i < stop; i++) {
                x = decoderLayer(i, layers.get(i), x, ctx, opts);
            }
            NDArray pos = scope.create(positions);                                    // (batch)
            NDArray rows = HiddenRows.flatIndex(scope, positions, seq);               // (batch): b·seq + p_b
            NDArray out = rmsNorm(lastDecoderLayer(stop, layers.get(stop), x, ctx, pos, rows, opts), finalNorm)
                    .reshape(batch, config.hiddenSize());                             // (batch, hidden)
            out.attach(caller);
            return out;
        }
    }

    private int checkInputs(NDArray inputsEmbeds) {
        Shape shape = inputsEmbeds.getShape();
        if (shape.dimension() != 3 || shape.get(2) != config.hiddenSize() || shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException("inputs_embeds must be (batch, seq, " + config.hiddenSize()
                    + "), got " + shape);
        }
        int seq = Math.toIntExact(shape.get(1));
        if (config.slidingWindow() > 0 && seq > config.slidingWindow()) {
            throw new IllegalArgumentException("sequence length " + seq + " exceeds the model's sliding_window "
                    + config.slidingWindow() + "; sliding-window attention is not implemented");
        }
        return seq;
    }

    private int resolveStopLayer(int whichLayer) {
        int n = layers.size();
        // Python indexing into layer_indices, as NetLLM's LlamaModel does
        int stop = whichLayer < 0 ? n + whichLayer : whichLayer;
        if (stop < 0 || stop >= n) {
            throw new IllegalArgumentException("which_layer " + whichLayer + " is out of range for a "
                    + n + "-layer model (valid: " + (-n) + ".." + (n - 1) + ")");
        }
        return stop;
    }

    /** Puts the inputs on our device/dtype inside {@code scope} so every intermediate dies with it. */
    private NDArray enterScope(NDArray inputs, NDManager scope) {
        NDArray x;
        if (inputs.getDevice().equals(options.device())) {
            inputs.tempAttach(scope);
            x = inputs;
        } else {
            x = inputs.toDevice(options.device(), false);
            x.attach(scope);
        }
        return x.toType(options.dtype(), false);
    }

    /** Per-call constants shared by all layers: RoPE tables (seq, head_dim) and the causal mask (seq, seq). */
    private record AttentionContext(NDArray cos, NDArray sin, NDArray causalMask) {
    }

    /** Slices (one op each) of the cached tables, owned by {@code scope}; the tables themselves stay. */
    private AttentionContext attentionContext(NDManager scope, int seq) {
        AttentionTables t = tables(seq);
        NDArray cos = t.cos().get(new NDIndex(":{}", seq));
        NDArray sin = t.sin().get(new NDIndex(":{}", seq));
        NDArray mask = t.causalMask().get(new NDIndex(":{}, :{}", seq, seq));
        cos.attach(scope);
        sin.attach(scope);
        mask.attach(scope);
        return new AttentionContext(cos, sin, mask);
    }

    private AttentionTables tables(int seq) {
        AttentionTables t = tables;
        if (t.positions() >= seq) {
            return t;
        }
        synchronized (this) {
            t = tables;
            if (t.positions() < seq) {
                t = buildTables(Math.max(seq, 2 * t.positions()));
                tables = t;
            }
            return t;
        }
    }

    private AttentionTables buildTables(int positions) {
        int hd = config.headDim();
        Shape tableShape = new Shape(positions, hd);
        NDArray cos = manager.create(rope.cos(positions), tableShape).toType(options.dtype(), false);
        NDArray sin = manager.create(rope.sin(positions), tableShape).toType(options.dtype(), false);
        // mask[i][j] = float32 min where j > i (a key after the query), else 0: the additive causal mask
        // transformers builds (finfo.min rather than −inf keeps fully finite arithmetic)
        float[] mask = new float[positions * positions];
        for (int i = 0; i < positions; i++) {
            java.util.Arrays.fill(mask, i * positions + i + 1, (i + 1) * positions, -Float.MAX_VALUE);
        }
        NDArray causal = manager.create(mask, new Shape(positions, positions));
        return new AttentionTables(positions, cos, sin, causal);
    }

    /** h = x + attn(input_layernorm(x)); out = h + mlp(post_attention_layernorm(h)). */
    private NDArray decoderLayer(int i, DecoderLayerWeights w, NDArray x, AttentionContext ctx, ForwardOptions o) {
        NDArray normed = rmsNorm(x, w.inputNorm());
        NDArray h = x.add(attention(i, w, normed, normed, ctx.cos(), ctx.sin(), ctx, ctx.causalMask(), o));
        return h.add(mlp(i, w, rmsNorm(h, w.postAttentionNorm()), o));
    }

    /**
     * The decoder layer for one query position per row: keys and values from every position of
     * {@code x} (batch, seq, hidden), the rest only at {@code pos[b]}; returns (batch, 1, hidden).
     *
     * @param pos  (batch) the selected position of each row
     * @param rows (batch) the same positions as flat indices into (batch·seq)
     */
    private NDArray lastDecoderLayer(int i, DecoderLayerWeights w, NDArray x, AttentionContext ctx, NDArray pos,
            NDArray rows, ForwardOptions o) {
        long batch = x.getShape().get(0);
        long hidden = x.getShape().get(2);
        int hd = config.headDim();
        NDArray normed = rmsNorm(x, w.inputNorm());                                   // (batch, seq, hidden)
        NDArray xLast = HiddenRows.gather(x, rows).reshape(batch, 1, hidden);         // (batch, 1, hidden)
        NDArray normedLast = HiddenRows.gather(normed, rows).reshape(batch, 1, hidden);
        // the selected rows of the (seq, hd) tables and (seq, seq) mask, broadcast over heads
        NDArray qCos = ctx.cos().get(pos).reshape(batch, 1, 1, hd);                    // (batch, 1, 1, hd)
        NDArray qSin = ctx.sin().get(pos).reshape(batch, 1, 1, hd);
        NDArray mask = ctx.causalMask().get(pos).reshape(batch, 1, 1, -1);            // (batch, 1, 1, seq)
        NDArray h = xLast.add(attention(i, w, normedLast, normed, qCos, qSin, ctx, mask, o));
        return h.add(mlp(i, w, rmsNorm(h, w.postAttentionNorm()), o));
    }

    /** RMSNorm in float32: weight · x / sqrt(mean(x²) + eps), mean over hidden; x (batch, seq, hidden). */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray variance = x32.square().mean(new int[] {-1}, true); // (batch, seq, 1)
        NDArray normed = x32.div(variance.add(config.rmsNormEps()).sqrt());
        // x·weight, not weight·x: the result must belong to the call's scope (the first operand's
        // manager); owned by the weights' manager it would outlive the call and, under a
        // GradientCollector, keep the whole step's autograd graph alive
        return normed.toType(options.dtype(), false).mul(weight);
    }

    private NDArray linear(int layer, LinearModule m, DecoderLayerWeights w, NDArray x, ForwardOptions o) {
        LinearWeights lw = w.linear(m);
        NDArray y = lw.bias() == null ? Linear.linear(x, lw.weight()).singletonOrThrow()
                : Linear.linear(x, lw.weight(), lw.bias()).singletonOrThrow();
        NDArray delta = o.adapter().delta(layer, m, x, o.training());
        return delta == null ? y : y.add(delta);
    }

    /**
     * Attention of the queries from {@code xq} (batch, sq, hidden) over the keys/values from
     * {@code xkv} (batch, seq, hidden); {@code qCos}/{@code qSin} broadcast against (batch, heads, sq, hd),
     * {@code mask} against (batch, heads, sq, seq). Returns (batch, sq, hidden).
     */
    private NDArray attention(int layer, DecoderLayerWeights w, NDArray xq, NDArray xkv, NDArray qCos, NDArray qSin,
            AttentionContext ctx, NDArray mask, ForwardOptions o) {
        long batch = xkv.getShape().get(0);
        long seq = xkv.getShape().get(1);
        long sq = xq.getShape().get(1);
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int hd = config.headDim();
        // (batch, seq, heads*hd) → (batch, heads, seq, hd)
        NDArray q = linear(layer, LinearModule.Q_PROJ, w, xq, o).reshape(batch, sq, heads, hd).transpose(0, 2, 1, 3);
        NDArray k = linear(layer, LinearModule.K_PROJ, w, xkv, o).reshape(batch, seq, kvHeads, hd).transpose(0, 2, 1, 3);
        NDArray v = linear(layer, LinearModule.V_PROJ, w, xkv, o).reshape(batch, seq, kvHeads, hd).transpose(0, 2, 1, 3);
        q = applyRope(q, qCos, qSin);
        k = applyRope(k, ctx.cos(), ctx.sin());
        if (config.kvGroups() > 1) {
            k = repeatKv(k, batch, seq);
            v = repeatKv(v, batch, seq);
        }
        double scale = 1.0 / Math.sqrt(hd);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale); // (batch, heads, sq, seq)
        // causal mask and softmax in float32, cast back to the compute dtype (transformers eager attention)
        NDArray masked = scores.toType(DataType.FLOAT32, false).add(mask);
        NDArray probs = masked.softmax(-1).toType(options.dtype(), false);
        NDArray ctxOut = probs.matMul(v) // (batch, heads, sq, hd)
                .transpose(0, 2, 1, 3).reshape(batch, sq, (long) heads * hd);
        return linear(layer, LinearModule.O_PROJ, w, ctxOut, o);
    }

    /** GQA: (batch, kv, seq, hd) → (batch, heads, seq, hd) where query head j reads kv head j // groups. */
    private NDArray repeatKv(NDArray kv, long batch, long seq) {
        int groups = config.kvGroups();
        return kv.expandDims(2).repeat(2, groups)
                .reshape(batch, (long) config.numAttentionHeads(), seq, config.headDim());
    }

    /**
     * q' = q·cos + rotate_half(q)·sin with rotate_half([x1, x2]) = [−x2, x1] on halves; q (batch, heads,
     * seq, hd). rotate_half is one matmul with a fixed ±1 permutation (exact: every output element is
     * one input element times ±1 plus zeros) instead of split + neg + concat.
     */
    private NDArray applyRope(NDArray q, NDArray cos, NDArray sin) {
        return q.mul(cos).add(q.matMul(rotateHalf).mul(sin));
    }

    private NDArray mlp(int layer, DecoderLayerWeights w, NDArray x, ForwardOptions o) {
        NDArray gate = linear(layer, LinearModule.GATE_PROJ, w, x, o);
        NDArray up = linear(layer, LinearModule.UP_PROJ, w, x, o);
        NDArray act = gate.mul(Activation.sigmoid(gate)); // silu
        return linear(layer, LinearModule.DOWN_PROJ, w, act.mul(up), o);
    }

    @Override
    public void close() {
        manager.close();
    }
}
