package org.netllm.testbed.netllm.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netllm.testbed.netllm.io.Safetensors;

/** LlamaBackbone vs the independent double-precision {@link ReferenceLlama} on TinyLlama folders. */
class LlamaBackboneTest {

    private static final double TOL = 1e-4;
    /** forwardAt vs forward: the same float32 arithmetic on fewer rows. */
    private static final float FORWARD_AT_TOL = 1e-5f;
    private static final int SEQ = 24;
    private static final LoadOptions CPU = new LoadOptions(Device.cpu(), DataType.FLOAT32);

    @TempDir
    Path tmp;

    static Stream<Arguments> variants() {
        TinyLlama.Spec base = TinyLlama.Spec.defaults();
        Map<String, Object> llama3 = Map.of("rope_scaling", TinyLlama.object("rope_type", "llama3", "factor", 8.0,
                "low_freq_factor", 1.0, "high_freq_factor", 4.0, "original_max_position_embeddings", 64));
        Map<String, Object> nestedLinear = Map.of("rope_parameters",
                TinyLlama.object("rope_type", "linear", "factor", 4.0, "rope_theta", 500000.0));
        return Stream.of(
                Arguments.of("MHA", base.withSizes(64, 2, 4, 4, 128), -1),
                Arguments.of("GQA", base, -1),
                Arguments.of("GQA 8/2 explicit head_dim", base.withSizes(64, 2, 8, 2, 96)
                        .withExtraConfig(Map.of("head_dim", 16)), -1),
                Arguments.of("sharded + model. prefix", base.withShards(3).withModelPrefix(true), -1),
                Arguments.of("fp16 weights", base.withDtype(Safetensors.DType.F16), -1),
                Arguments.of("bf16 weights", base.withDtype(Safetensors.DType.BF16), -1),
                Arguments.of("rope llama3", base.withSizes(64, 2, 4, 2, 128).withExtraConfig(llama3), -1),
                Arguments.of("rope linear (rope_parameters)", base.withExtraConfig(nestedLinear), -1),
                Arguments.of("old 'type' key", base.withExtraConfig(Map.of("rope_scaling",
                        TinyLlama.object("type", "linear", "factor", 2.0))), -1),
                Arguments.of("qwen2 biases", base.withModelType("qwen2"), -1),
                Arguments.of("llama attention_bias + mlp_bias", base.withExtraConfig(
                        Map.of("attention_bias", true, "mlp_bias", true)), -1),
                Arguments.of("mistral", base.withModelType("mistral")
                        .withExtraConfig(Map.of("sliding_window", 4096)), -1),
                Arguments.of("early exit layer 0", base.withSizes(64, 3, 4, 2, 128), 0),
                Arguments.of("early exit layer -2", base.withSizes(64, 3, 4, 2, 128), -2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void matchesReference(String label, TinyLlama.Spec spec, int whichLayer) throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, spec);
        ReferenceLlama ref = new ReferenceLlama(dir);
        double[][][] x = Fixtures.randomInputs(7, 2, SEQ, spec.hidden());
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray out = bb.forward(Fixtures.toNd(m, x), ForwardOptions.DEFAULT.withWhichLayer(whichLayer))
                    .lastHiddenState();
            assertEquals(new ai.djl.ndarray.types.Shape(2, SEQ, spec.hidden()), out.getShape());
            int stop = whichLayer < 0 ? spec.layers() + whichLayer : whichLayer;
            for (int b = 0; b < 2; b++) {
                double diff = Fixtures.maxAbsDiff(out, b, ref.forward(x[b], stop));
                assertTrue(diff < TOL, label + ": batch " + b + " max abs diff " + diff);
            }
        }
    }

    /** forwardAt computes the last layer for the selected positions only; it must not change their values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void forwardAtEqualsTheFullForwardAtTheSelectedPositions(String label, TinyLlama.Spec spec, int whichLayer)
            throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, spec);
        long[] positions = {SEQ - 1, 5, 0, 17};
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = Fixtures.toNd(m, Fixtures.randomInputs(13, positions.length, SEQ, spec.hidden()));
            ForwardOptions opts = ForwardOptions.DEFAULT.withWhichLayer(whichLayer);
            float[] full = bb.forward(x, opts).lastHiddenState().toType(DataType.FLOAT32, false).toFloatArray();
            NDArray at = bb.forwardAt(x, positions, opts);
            assertEquals(new ai.djl.ndarray.types.Shape(positions.length, spec.hidden()), at.getShape());
            float[] got = at.toType(DataType.FLOAT32, false).toFloatArray();
            int h = spec.hidden();
            for (int b = 0; b < positions.length; b++) {
                for (int d = 0; d < h; d++) {
                    float want = full[(int) ((b * SEQ + positions[b]) * h + d)];
                    assertEquals(want, got[b * h + d], FORWARD_AT_TOL, label + ": row " + b + " position "
                            + positions[b] + " element " + d);
                }
            }
        }
    }

    @Test
    void forwardAtRejectsBadPositions() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults());
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(2, 4, 64));
            var count = assertThrows(IllegalArgumentException.class, () -> bb.forwardAt(x, new long[] {3}));
            assertTrue(count.getMessage().contains("1 positions for a batch of 2"), count.getMessage());
            var range = assertThrows(IllegalArgumentException.class, () -> bb.forwardAt(x, new long[] {3, 4}));
            assertTrue(range.getMessage().contains("position 4 of row 1 is outside 0..3"), range.getMessage());
        }
    }

    @Test
    void ropeScalingAndEarlyExitReallyChangeTheOutput() throws Exception {
        TinyLlama.Spec spec = TinyLlama.Spec.defaults();
        Path plain = tmp.resolve("plain");
        Path scaled = tmp.resolve("scaled");
        TinyLlama.write(plain, spec);
        TinyLlama.write(scaled, spec.withExtraConfig(Map.of("rope_scaling", TinyLlama.object("rope_type", "linear",
                "factor", 4.0))));
        try (LlamaBackbone a = LlamaBackbone.load(plain, CPU); LlamaBackbone b = LlamaBackbone.load(scaled, CPU);
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = Fixtures.toNd(m, Fixtures.randomInputs(3, 1, SEQ, spec.hidden()));
            assertTrue(Fixtures.maxAbsDiff(a.forward(x), b.forward(x)) > 1e-2, "rope scaling had no effect");
            NDArray early = a.forward(x, ForwardOptions.DEFAULT.withWhichLayer(0)).lastHiddenState();
            assertTrue(Fixtures.maxAbsDiff(a.forward(x), early) > 1e-2, "early exit had no effect");
        }
    }

    @Test
    void hiddenStatesFollowTransformersLayout() throws Exception {
        TinyLlama.Spec spec = TinyLlama.Spec.defaults().withSizes(64, 3, 4, 2, 128);
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, spec);
        ReferenceLlama ref = new ReferenceLlama(dir);
        double[][][] x = Fixtures.randomInputs(11, 1, SEQ, spec.hidden());
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray in = Fixtures.toNd(m, x);
            BackboneOutput out = bb.forward(in, ForwardOptions.DEFAULT.withHiddenStates(true));
            assertEquals(spec.layers() + 1, out.hiddenStates().size());
            assertEquals(0.0, Fixtures.maxAbsDiff(out.hiddenStates().get(0), in));
            assertSame(out.lastHiddenState(), out.hiddenStates().get(spec.layers()));
            // index i = raw output of layer i−1: final norm of hidden state 1 == early exit after layer 0
            NDArray afterLayer0 = bb.forward(in, ForwardOptions.DEFAULT.withWhichLayer(0)).lastHiddenState();
            NDArray h1 = out.hiddenStates().get(1);
            NDArray rms = h1.square().mean(new int[] {-1}, true).add(bb.config().rmsNormEps()).sqrt();
            NDArray normed = h1.div(rms).mul(bb.weights().get("norm.weight"));
            assertTrue(Fixtures.maxAbsDiff(normed, afterLayer0) < 1e-5, "hidden state 1 is not layer 0's output");
            assertTrue(Fixtures.maxAbsDiff(afterLayer0, 0, ref.forward(x[0], 0)) < TOL);
        }
    }

    @Test
    void causalityChangingTokenJLeavesEarlierOutputsUntouched() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.Spec spec = TinyLlama.Spec.defaults();
        TinyLlama.write(dir, spec);
        int j = 10;
        double[][][] x = Fixtures.randomInputs(5, 1, SEQ, spec.hidden());
        double[][][] y = Fixtures.randomInputs(5, 1, SEQ, spec.hidden());
        for (int d = 0; d < spec.hidden(); d++) {
            y[0][j][d] += 1.0;
        }
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            float[] a = bb.forward(Fixtures.toNd(m, x)).toFloatArray();
            float[] b = bb.forward(Fixtures.toNd(m, y)).toFloatArray();
            int h = spec.hidden();
            for (int t = 0; t < SEQ; t++) {
                double diff = 0;
                for (int d = 0; d < h; d++) {
                    diff = Math.max(diff, Math.abs(a[t * h + d] - b[t * h + d]));
                }
                if (t < j) {
                    assertTrue(diff < 1e-6, "position " + t + " changed by " + diff + " when token " + j + " changed");
                } else {
                    assertTrue(diff > 1e-4, "position " + t + " did not react to token " + j);
                }
            }
        }
    }

    @Test
    void badInputsShapeAndWhichLayerAreRejected() throws Exception {
        Path dir = tmp.resolve("m");
        TinyLlama.write(dir, TinyLlama.Spec.defaults().withModelType("mistral")
                .withExtraConfig(Map.of("sliding_window", 8)));
        try (LlamaBackbone bb = LlamaBackbone.load(dir, CPU); NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var wrongHidden = assertThrows(IllegalArgumentException.class,
                    () -> bb.forward(m.zeros(new ai.djl.ndarray.types.Shape(1, 4, 32))));
            assertTrue(wrongHidden.getMessage().contains("(batch, seq, 64)"), wrongHidden.getMessage());
            var layer = assertThrows(IllegalArgumentException.class, () -> bb.forward(
                    m.zeros(new ai.djl.ndarray.types.Shape(1, 4, 64)), ForwardOptions.DEFAULT.withWhichLayer(2)));
            assertTrue(layer.getMessage().contains("which_layer 2"), layer.getMessage());
            var window = assertThrows(IllegalArgumentException.class,
                    () -> bb.forward(m.zeros(new ai.djl.ndarray.types.Shape(1, 9, 64))));
            assertTrue(window.getMessage().contains("sliding_window 8"), window.getMessage());
        }
    }
}
