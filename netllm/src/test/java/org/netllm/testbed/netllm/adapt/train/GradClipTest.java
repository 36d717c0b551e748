package org.netllm.testbed.netllm.adapt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Global-norm clipping with gradients whose fp32 sum of squares overflows, and with truly
 * non-finite gradients (which must be named, not clipped).
 */
class GradClipTest {

    /** 1e20² = 1e40 is above fp32's 3.4e38: an fp32 square-sum is Infinity, the true norm is finite. */
    private static final float HUGE = 1e20f;

    @Test
    void normOfGradientsWhoseFp32SquareSumOverflowsIsFiniteAndCorrect() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray a = nd.create(new float[] {HUGE, -HUGE});
            NDArray b = nd.create(new float[] {HUGE, HUGE}, new ai.djl.ndarray.types.Shape(1, 2));
            // proof that the input really overflows in fp32
            assertEquals(Float.POSITIVE_INFINITY, a.square().sum().getFloat());
            double expected = 2.0 * HUGE; // sqrt(4 · 1e40)
            double norm = GradClip.clipNorm(List.of(a, b), 0.25);
            assertEquals(expected, norm, expected * 1e-6);
            // every element scaled by 0.25 / (2e20 + 1e-6): ±0.125
            assertArrayEquals(new float[] {0.125f, -0.125f}, a.toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.125f, 0.125f}, b.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void namedClipAgreesWithTheUnnamedOneOnFiniteGradients() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            grads.put("w", nd.create(new float[] {HUGE, 0f}));
            grads.put("b", nd.create(new float[] {0f, HUGE}));
            GradClip.Result r = GradClip.clip(grads, 1.0);
            assertTrue(r.finite());
            assertEquals(Math.sqrt(2) * HUGE, r.norm(), Math.sqrt(2) * HUGE * 1e-6);
            assertEquals(List.of(), r.nonFinite());
            assertEquals(1 / Math.sqrt(2), grads.get("w").getFloat(0), 1e-6);
        }
    }

    @Test
    void nonFiniteGradientsAreNamedAndLeftUntouched() {
        try (NDManager nd = NDManager.newBaseManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            grads.put("encoder.weight", nd.create(new float[] {3f, 4f}));
            grads.put("lora.q.A", nd.create(new float[] {Float.POSITIVE_INFINITY, 1f}));
            grads.put("head.bias", nd.create(new float[] {Float.NaN}));
            GradClip.Result r = GradClip.clip(grads, 0.25);
            assertFalse(r.finite());
            assertEquals(List.of("lora.q.A", "head.bias"), r.nonFinite());
            // not scaled by 0.25/Inf = 0, which would erase the finite gradients and turn Inf into NaN
            assertArrayEquals(new float[] {3f, 4f}, grads.get("encoder.weight").toFloatArray(), 0f);
            assertEquals(Float.POSITIVE_INFINITY, grads.get("lora.q.A").getFloat(0));
        }
    }

    @Test
    void trainerErrorNamesStepEpochAndTheParameters() {
        GradClip.Result r = new GradClip.Result(Double.NaN, List.of("lora.q.A", "head.bias"));
        String msg = DtTrainer.nonFiniteMessage(1805, 25, 0.7, r, Path.of("run", "best"));
        assertTrue(msg.contains("step 1805"), msg);
        assertTrue(msg.contains("epoch 26"), msg);
        assertTrue(msg.contains("lora.q.A, head.bias"), msg);
        assertTrue(msg.contains(Path.of("run", "best").toString()), msg);
        String lossOnly = DtTrainer.nonFiniteMessage(3, 0, Double.NaN, new GradClip.Result(1.0, List.of()),
                Path.of("best"));
        assertTrue(lossOnly.contains("non-finite loss (NaN)") && lossOnly.contains("none (all gradients finite)"),
                lossOnly);
    }
}
