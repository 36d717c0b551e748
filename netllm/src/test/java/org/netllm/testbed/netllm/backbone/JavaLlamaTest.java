package org.netllm.testbed.netllm.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.lora.LoraConfig;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;

/**
 * The plain-Java forward with its KV cache against the oracle {@link LlamaBackbone} (the DJL forward without a
 * cache, itself tested against an independent reference and Hugging Face): every position of a full forward,
 * and a generation whose every step (the history prefilled once, then one token per step) equals the oracle's
 * forward over the whole growing sequence.
 */
class JavaLlamaTest {

    private static final LoadOptions CPU = new LoadOptions(Device.cpu(), DataType.FLOAT32);
    private static final double TOLERANCE = 1e-4;
    private static final int HISTORY = 10;
    private static final int STEPS = 20;

    @TempDir
    Path tmp;

    private static float[][] tokens(long seed, int seq, int hidden) {
        Random r = new Random(seed);
        float[][] t = new float[seq][hidden];
        for (float[] row : t) {
            for (int d = 0; d < hidden; d++) {
                row[d] = (float) r.nextGaussian();
            }
        }
        return t;
    }

    private static NDArray toNd(NDManager m, float[][] t) {
        int h = t[0].length;
        float[] flat = new float[t.length * h];
        for (int i = 0; i < t.length; i++) {
            System.arraycopy(t[i], 0, flat, i * h, h);
        }
        return m.create(flat, new Shape(1, t.length, h));
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** A PEFT folder with random, non-zero A and B on all seven Linears of every layer. */
    private static Path randomAdapter(Path dir, LlamaConfig c) throws Exception {
        List<String> all = new ArrayList<>();
        for (LinearModule m : LinearModule.values()) {
            all.add(m.peftName());
        }
        LoraConfig lc = new LoraConfig(8, 16, 0.05, all);
        lc.write(dir);
        Random r = new Random(5);
        List<Safetensors.Tensor> tensors = new ArrayList<>();
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            for (LinearModule m : LinearModule.values()) {
                int in = Math.toIntExact(m.inFeatures(c));
                int out = Math.toIntExact(m.outFeatures(c));
                float[] a = new float[lc.rank() * in];
                float[] b = new float[out * lc.rank()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextGaussian() * 0.2);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) (r.nextGaussian() * 0.2);
                }
                String path = "base_model.model." + m.path(l);
                tensors.add(new Safetensors.Tensor(path + ".lora_A.weight", Safetensors.DType.F32, new long[] {lc.rank(), in}, a));
                tensors.add(new Safetensors.Tensor(path + ".lora_B.weight", Safetensors.DType.F32, new long[] {out, lc.rank()}, b));
            }
        }
        Safetensors.write(dir.resolve("adapter_model.safetensors"), tensors, Map.of());
        return dir;
    }

    @Test
    void everyPositionOfAFullForwardEqualsTheDjlForward() throws Exception {
        TinyLlama.Spec gqa = TinyLlama.Spec.defaults(); // 4 query heads over 2 kv heads
        TinyLlama.Spec biased = gqa.withModelType("qwen2").withSeed(3); // q/k/v biases
        for (TinyLlama.Spec spec : List.of(gqa, biased)) {
            Path dir = tmp.resolve(spec.modelType());
            TinyLlama.write(dir, spec);
            try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
                float[][] x = tokens(7, 17, bb.hiddenSize());
                float[] djl = bb.forward(toNd(m, x)).toFloatArray(); // (1, 17, hidden)
                float[][] plain = bb.plainJava().forward(x);
                int h = bb.hiddenSize();
                for (int t = 0; t < x.length; t++) {
                    float[] row = java.util.Arrays.copyOfRange(djl, t * h, (t + 1) * h);
                    assertTrue(maxDiff(row, plain[t]) <= TOLERANCE, spec.modelType() + " position " + t + ": " + maxDiff(row, plain[t]));
                }
            }
        }
    }

    @Test
    void cachedGenerationEqualsNoCacheForwardAtEveryStepWithLoraAndEarlyExit() throws Exception {
        Path dir = tmp.resolve("m");
        LlamaConfig c = TinyLlama.write(dir, TinyLlama.Spec.defaults().withSizes(64, 3, 4, 2, 128));
        Path adapter = randomAdapter(tmp.resolve("adapter"), c);
        SharedBackboneLoader loader = new SharedBackboneLoader(CPU);
        for (int whichLayer : new int[] {-1, 1}) {
            try (InferenceView view = (InferenceView) loader.load(dir, Optional.of(adapter), whichLayer);
                    NDManager m = NDManager.newBaseManager(Device.cpu())) {
                JavaLlama java = view.plainJava();
                JavaLlama.KvCache cache = java.newCache(HISTORY + STEPS);
                float[][] history = tokens(11, HISTORY, c.hiddenSize());
                List<float[]> seqDjl = new ArrayList<>(List.of(history));
                float[] hJava = null;
                for (float[] t : history) {
                    hJava = java.next(t, cache); // prefill: the history once
                }
                for (int step = 0; step < STEPS; step++) {
                    // oracle: the whole growing sequence through the DJL forward, no cache, last position
                    long last = seqDjl.size() - 1;
                    float[] hDjl = view.forwardAt(toNd(m, seqDjl.toArray(new float[0][])), new long[] {last}).toFloatArray();
                    double d = maxDiff(hDjl, hJava);
                    assertTrue(d <= TOLERANCE, "which_layer " + whichLayer + ", step " + step + ": " + d);
                    assertEquals(HISTORY + step, cache.length());
                    // the oracle's output becomes the next token of both: each step is compared on the same
                    // inputs (end-to-end generation, where each side feeds back its own output, is checked at the
                    // task level against the MAE of a whole test split)
                    seqDjl.add(hDjl);
                    if (step + 1 < STEPS) {
                        hJava = java.next(hDjl, cache);
                    }
                }
                // the adapter matters: without it the same tokens give other states
                assertTrue(view.plainJava() == java, "built once per view");
                assertTrue(maxDiff(loaderFree(dir, history), java.forward(history)[HISTORY - 1]) > 1e-2);
            }
        }
        assertEquals(0, loader.loadedBackbones());
    }

    /**
     * Positions past the RoPE rows tabled at build ({@link JavaLlama#ROPE_TABLE_POSITIONS}) compute theirs per
     * token; both sides of the boundary equal the DJL forward. The allocation-free {@code next} may write its
     * output over its input and gives what the allocating one gives.
     */
    @Test
    void positionsBeyondTheRopeTableAndTheInPlaceNextEqualTheDjlForward() throws Exception {
        Path dir = tmp.resolve("long");
        TinyLlama.write(dir, TinyLlama.Spec.defaults().withSizes(32, 2, 4, 2, 64));
        int seq = JavaLlama.ROPE_TABLE_POSITIONS + 6;
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[][] x = tokens(13, seq, bb.hiddenSize());
            float[] djl = bb.forward(toNd(m, x)).toFloatArray(); // (1, seq, hidden)
            JavaLlama j = bb.plainJava();
            JavaLlama.KvCache cache = j.newCache(seq);
            JavaLlama.KvCache inPlaceCache = j.newCache(seq);
            int h = bb.hiddenSize();
            for (int t = 0; t < seq; t++) {
                float[] out = j.next(x[t], cache);
                float[] buf = x[t].clone();
                j.next(buf, inPlaceCache, buf);
                assertEquals(0.0, maxDiff(out, buf), "position " + t + ": in-place next differs");
                if (t >= JavaLlama.ROPE_TABLE_POSITIONS - 4) {
                    float[] row = java.util.Arrays.copyOfRange(djl, t * h, (t + 1) * h);
                    assertTrue(maxDiff(row, out) <= TOLERANCE, "position " + t + ": " + maxDiff(row, out));
                }
            }
        }
    }

    /** The unadapted, full-depth backbone's last state for {@code tokens}. */
    private float[] loaderFree(Path dir, float[][] tokens) throws Exception {
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU)) {
            return bb.plainJava().forward(tokens)[tokens.length - 1];
        }
    }

    @Test
    void badInputsAreRefusedByName() throws Exception {
        Path dir = tmp.resolve("bad");
        TinyLlama.write(dir, TinyLlama.Spec.defaults());
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU)) {
            JavaLlama j = bb.plainJava();
            JavaLlama.KvCache cache = j.newCache(1);
            var e = assertThrows(IllegalArgumentException.class, () -> j.next(new float[3], cache));
            assertTrue(e.getMessage().contains("64 values"), e.getMessage());
            j.next(new float[bb.hiddenSize()], cache);
            var full = assertThrows(IllegalStateException.class, () -> j.next(new float[bb.hiddenSize()], cache));
            assertTrue(full.getMessage().contains("full"), full.getMessage());
            var layer = assertThrows(IllegalArgumentException.class, () -> j.adapted(null, 2));
            assertTrue(layer.getMessage().contains("which_layer 2"), layer.getMessage());
            JavaLlama exit0 = j.adapted(null, 0);
            var other = assertThrows(IllegalArgumentException.class, () -> exit0.next(new float[bb.hiddenSize()], j.newCache(4)));
            assertTrue(other.getMessage().contains("another model"), other.getMessage());
            assertThrows(IllegalArgumentException.class, () -> j.newCache(0));
            assertTrue(JavaLlama.fits(bb.config()));
        }
    }
}
