package org.netllm.testbed.netllm.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainLinear}'s column layout against the definition y[o] = Σ_i W[o, i]·x[i] + b[o] computed in
 * double from the row-major weights it was given; stacking and slicing are exact.
 */
class PlainLinearTest {
    /** float32 accumulation of up to 300 products of N(0,1) values against a double sum. */
    private static final double TOLERANCE = 1e-4;

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** The definition, in double, on the row-major (out, in) weights. */
    private static double[] reference(float[] w, float[] b, float[] x, int in, int out) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < in; i++) {
                s += (double) w[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    @Test
    void applyEqualsTheDefinitionForOddAndVectorSizedShapes() {
        Random r = new Random(17);
        // sizes below, at and beyond SIMD widths (8 / 16 floats), odd ones for the loops' tails
        int[][] shapes = {{3, 256}, {256, 128}, {128, 384}, {7, 3}, {128, 3}, {1, 1}, {33, 17}};
        for (int[] s : shapes) {
            int in = s[0];
            int out = s[1];
            float[] w = gaussian(r, in * out);
            float[] x = gaussian(r, in);
            for (float[] b : new float[][] {null, gaussian(r, out)}) {
                PlainLinear l = new PlainLinear(w, b, in, out);
                double[] ref = reference(w, b, x, in, out);
                float[] y = l.apply(x);
                for (int o = 0; o < out; o++) {
                    assertEquals(ref[o], y[o], TOLERANCE, in + "x" + out + " output " + o);
                }
                assertArrayEquals(w, l.weight(), "weight() gives back the row-major weights");
                float[] again = new float[out];
                java.util.Arrays.fill(again, Float.NaN); // apply overwrites, never accumulates into y
                l.apply(x, again);
                assertArrayEquals(y, again, 0f);
            }
        }
    }

    @Test
    void stackedLinearsGiveEachPartsOutputsBitForBitAndSliceBack() {
        Random r = new Random(5);
        int in = 40;
        PlainLinear a = new PlainLinear(gaussian(r, in * 24), gaussian(r, 24), in, 24);
        PlainLinear b = new PlainLinear(gaussian(r, in * 9), null, in, 9); // no bias: zeros in the stack
        PlainLinear c = new PlainLinear(gaussian(r, in * 16), gaussian(r, 16), in, 16);
        PlainLinear s = PlainLinear.stacked(a, b, c);
        assertEquals(49, s.out());
        float[] x = gaussian(r, in);
        float[] y = s.apply(x);
        assertArrayEquals(a.apply(x), java.util.Arrays.copyOfRange(y, 0, 24), 0f);
        assertArrayEquals(b.apply(x), java.util.Arrays.copyOfRange(y, 24, 33), 0f);
        assertArrayEquals(c.apply(x), java.util.Arrays.copyOfRange(y, 33, 49), 0f);
        assertArrayEquals(a.weight(), s.slice(0, 24).weight());
        assertArrayEquals(c.bias(), s.slice(33, 49).bias());
        assertArrayEquals(new float[9], s.slice(24, 33).bias());
        assertNull(PlainLinear.stacked(b, b).bias());
    }

    @Test
    void badShapesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PlainLinear(new float[5], null, 2, 3));
        assertTrue(e.getMessage().contains("(3, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlainLinear(new float[6], new float[2], 2, 3));
        PlainLinear l = new PlainLinear(new float[6], null, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> l.apply(new float[1]));
        assertThrows(IllegalArgumentException.class, () -> l.slice(2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> PlainLinear.stacked(l, new PlainLinear(new float[3], null, 3, 1)));
    }
}
