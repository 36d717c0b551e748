package org.netllm.testbed.netllm.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** RoPE invariants: the q·k score depends only on the position difference; scaling per transformers. */
class RotaryEmbeddingTest {

    private static final int HEAD_DIM = 16;
    private static final int MAX_POS = 200;
    private static final RotaryEmbedding ROPE = new RotaryEmbedding(HEAD_DIM, 10000, new RopeScaling.None());
    private static final float[] COS = ROPE.cos(MAX_POS);
    private static final float[] SIN = ROPE.sin(MAX_POS);

    /** q' = q·cos + rotate_half(q)·sin at position p, in double from the float tables. */
    private static double[] rotate(double[] q, int p) {
        int half = HEAD_DIM / 2;
        double[] out = new double[HEAD_DIM];
        for (int d = 0; d < HEAD_DIM; d++) {
            double rot = d < half ? -q[d + half] : q[d - half];
            out[d] = q[d] * COS[p * HEAD_DIM + d] + rot * SIN[p * HEAD_DIM + d];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Property(tries = 200)
    void scoreDependsOnlyOnRelativePosition(@ForAll @IntRange(min = 0, max = 90) int m,
            @ForAll @IntRange(min = 0, max = 90) int n, @ForAll @IntRange(min = 1, max = 100) int shift,
            @ForAll @IntRange(min = 0, max = 1000) int seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] q = new double[HEAD_DIM];
        double[] k = new double[HEAD_DIM];
        for (int i = 0; i < HEAD_DIM; i++) {
            q[i] = r.nextGaussian();
            k[i] = r.nextGaussian();
        }
        double a = dot(rotate(q, m), rotate(k, n));
        double b = dot(rotate(q, m + shift), rotate(k, n + shift));
        assertEquals(a, b, 1e-4, "score changed when both positions shifted by " + shift);
    }

    /** The matmul form of rotate_half equals split + negate + concat exactly, on the engine. */
    @Test
    void rotateHalfMatrixEqualsSplitNegateConcat() {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu())) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(5);
            ai.djl.ndarray.NDArray q = m.randomNormal(new ai.djl.ndarray.types.Shape(2, 3, 7, HEAD_DIM)); // (b, heads, seq, hd)
            ai.djl.ndarray.NDArray r = m.create(ROPE.rotateHalfMatrix(), new ai.djl.ndarray.types.Shape(HEAD_DIM, HEAD_DIM));
            var halves = q.split(2, 3);
            ai.djl.ndarray.NDArray expected = ai.djl.ndarray.NDArrays.concat(
                    new ai.djl.ndarray.NDList(halves.get(1).neg(), halves.get(0)), 3);
            ai.djl.ndarray.NDArray got = q.matMul(r);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toFloatArray(), got.toFloatArray(), 0f);
            // and not trivially: the rotation moves every element
            org.junit.jupiter.api.Assertions.assertTrue(got.sub(q).abs().max().getFloat() > 0.1f);
        }
    }

    @Test
    void invFreqFollowsThetaAndScalings() {
        float[] f = ROPE.invFreq();
        assertEquals(1.0f, f[0]);
        assertEquals(Math.pow(10000, -2.0 * 3 / HEAD_DIM), f[3], 1e-7);
        float[] lin = new RotaryEmbedding(HEAD_DIM, 10000, new RopeScaling.Linear(4)).invFreq();
        assertEquals(f[5] / 4, lin[5], 1e-9);
        // llama3 with original context 64, low 1, high 4: wavelengths < 16 kept, > 64 divided by 8, between smoothed
        float[] l3 = new RotaryEmbedding(HEAD_DIM, 10000, new RopeScaling.Llama3(8, 1, 4, 64)).invFreq();
        for (int k = 0; k < f.length; k++) {
            double wl = 2 * Math.PI / f[k];
            double expected;
            if (wl < 16) {
                expected = f[k];
            } else if (wl > 64) {
                expected = f[k] / 8.0;
            } else {
                double s = (64 / wl - 1) / 3.0;
                expected = (1 - s) * f[k] / 8 + s * f[k];
            }
            assertEquals(expected, l3[k], 1e-6 * f[k], "inv_freq[" + k + "]");
        }
    }
}
