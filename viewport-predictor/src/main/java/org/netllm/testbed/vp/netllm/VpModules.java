package org.netllm.testbed.vp.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.NamedWeights;
import org.netllm.testbed.netllm.io.Safetensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * NetLLM-VP's task modules around the backbone (docs/reference/vp.md §4.1): the viewport feature encoder
 * (the upstream Conv1d(1→256, k 3) over one viewport's 3 angles = Linear(3→256), + LeakyReLU 0.01; frozen
 * at its seeded random init, as upstream leaves it out of the optimizer), the projection {@code embed_vp}
 * Linear(256→E), {@code embed_ln} LayerNorm(E) and the VP head Linear(E→3) + tanh. Arrays live in one
 * manager owned by this object.
 */
public final class VpModules implements AutoCloseable {
    public static final String CONV = "conv";
    public static final String EMBED_VP = "embed_vp";
    public static final String EMBED_LN = "embed_ln";
    public static final String HEAD = "networking_head";
    public static final int FEATURE_DIM = 256;
    public static final int ANGLES = 3;
    static final float LEAKY_SLOPE = 0.01f;
    /** PyTorch nn.LayerNorm default. */
    static final float LN_EPS = 1e-5f;

    private final NDManager manager;
    private final Map<String, NDArray> arrays; // checkpoint name → array
    private final int hidden;

    private VpModules(NDManager manager, Map<String, NDArray> arrays, int hidden) {
        this.manager = manager;
        this.arrays = arrays;
        this.hidden = hidden;
    }

    /** Fresh modules with PyTorch's default init (Linear/Conv1d ~ U(±1/√fan_in), LayerNorm 1/0), seeded. */
    public static VpModules init(NDManager parent, int hidden, long seed) {
        Random rnd = new Random(seed);
        Map<String, NamedWeights.Entry> w = new LinkedHashMap<>();
        linear(w, rnd, CONV, FEATURE_DIM, ANGLES); // Conv1d fan_in = 1 channel × kernel 3 = 3
        linear(w, rnd, EMBED_VP, hidden, FEATURE_DIM);
        float[] ones = new float[hidden];
        java.util.Arrays.fill(ones, 1f);
        w.put(EMBED_LN + ".weight", new NamedWeights.Entry(new long[] {hidden}, ones));
        w.put(EMBED_LN + ".bias", new NamedWeights.Entry(new long[] {hidden}, new float[hidden]));
        linear(w, rnd, HEAD, ANGLES, hidden);
        try {
            return from(parent, new NamedWeights("initial VP modules (seed " + seed + ")", w), hidden);
        } catch (CheckpointException e) {
            throw new IllegalStateException("fresh VP modules are inconsistent", e);
        }
    }

    /** Loads {@code modules.safetensors}; shapes are checked against {@code hidden}. */
    public static VpModules load(NDManager parent, Path file, int hidden) throws IOException {
        return from(parent, NamedWeights.fromSafetensors(file), hidden);
    }

    private static VpModules from(NDManager parent, NamedWeights w, int hidden) throws CheckpointException {
        NDManager m = parent.newSubManager();
        try {
            Map<String, NDArray> a = new LinkedHashMap<>();
            a.put(CONV + ".weight", w.load(m, CONV + ".weight", FEATURE_DIM, ANGLES));
            a.put(CONV + ".bias", w.load(m, CONV + ".bias", FEATURE_DIM));
            a.put(EMBED_VP + ".weight", w.load(m, EMBED_VP + ".weight", hidden, FEATURE_DIM));
            a.put(EMBED_VP + ".bias", w.load(m, EMBED_VP + ".bias", hidden));
            a.put(EMBED_LN + ".weight", w.load(m, EMBED_LN + ".weight", hidden));
            a.put(EMBED_LN + ".bias", w.load(m, EMBED_LN + ".bias", hidden));
            a.put(HEAD + ".weight", w.load(m, HEAD + ".weight", ANGLES, hidden));
            a.put(HEAD + ".bias", w.load(m, HEAD + ".bias", ANGLES));
            return new VpModules(m, a, hidden);
        } catch (CheckpointException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static void linear(Map<String, NamedWeights.Entry> w, Random rnd, String name, long out, long in) {
        double bound = 1 / Math.sqrt(in);
        w.put(name + ".weight", new NamedWeights.Entry(new long[] {out, in}, uniform(rnd, out * in, bound)));
        w.put(name + ".bias", new NamedWeights.Entry(new long[] {out}, uniform(rnd, out, bound)));
    }

    private static float[] uniform(Random rnd, long n, double bound) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    public int hidden() {
        return hidden;
    }

    /** Trainable arrays (everything but the frozen encoder), by checkpoint name. */
    public Map<String, NDArray> trainable() {
        Map<String, NDArray> t = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (!k.startsWith(CONV + ".")) {
                t.put(k, v);
            }
        });
        return t;
    }

    /** Viewport token before LayerNorm: (..., 3) normalised angles → (..., E). */
    public NDArray embed(NDArray viewports) {
        NDArray f = Linear.linear(viewports, arrays.get(CONV + ".weight"), arrays.get(CONV + ".bias")).singletonOrThrow();
        NDArray act = Activation.leakyRelu(f, LEAKY_SLOPE); // (..., 256)
        return Linear.linear(act, arrays.get(EMBED_VP + ".weight"), arrays.get(EMBED_VP + ".bias")).singletonOrThrow();
    }

    /** LayerNorm over the last axis: (..., E) → (..., E). */
    public NDArray layerNorm(NDArray tokens) {
        return LayerNorm.layerNorm(tokens, new Shape(hidden), arrays.get(EMBED_LN + ".weight"),
                arrays.get(EMBED_LN + ".bias"), LN_EPS).singletonOrThrow();
    }

    /** Hidden states (..., E) → normalised angles (..., 3) in (−1, 1). */
    public NDArray head(NDArray hiddenStates) {
        return Linear.linear(hiddenStates, arrays.get(HEAD + ".weight"), arrays.get(HEAD + ".bias")).singletonOrThrow().tanh();
    }

    /** A float32 copy of one array by checkpoint name (e.g. "embed_vp.weight"), for the plain-Java forward. */
    float[] floats(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no VP module array '" + name + "'");
        }
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }

    /** Writes every array (frozen encoder included, as upstream saves it) as F32 safetensors. */
    public void save(Path file) throws IOException {
        List<Safetensors.F32Tensor> t = new ArrayList<>();
        arrays.forEach((k, v) -> t.add(new Safetensors.F32Tensor(k, v.getShape().getShape(), v.toFloatArray())));
        Safetensors.writeF32(file, t, Map.of("task", VpCheckpoint.TASK));
    }

    @Override
    public void close() {
        manager.close();
    }
}
