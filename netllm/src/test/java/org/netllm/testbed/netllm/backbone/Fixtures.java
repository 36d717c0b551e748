package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Shared helpers for backbone tests: seeded inputs and array conversions. */
final class Fixtures {

    private Fixtures() {
    }

    static double[][][] randomInputs(long seed, int batch, int seq, int hidden) {
        Random r = new Random(seed);
        double[][][] x = new double[batch][seq][hidden];
        for (double[][] b : x) {
            for (double[] t : b) {
                for (int d = 0; d < hidden; d++) {
                    t[d] = (float) r.nextGaussian(); // representable in float32 so both sides see the same input
                }
            }
        }
        return x;
    }

    static NDArray toNd(NDManager m, double[][][] x) {
        int b = x.length;
        int s = x[0].length;
        int h = x[0][0].length;
        float[] flat = new float[b * s * h];
        int i = 0;
        for (double[][] bb : x) {
            for (double[] t : bb) {
                for (double v : t) {
                    flat[i++] = (float) v;
                }
            }
        }
        return m.create(flat, new Shape(b, s, h));
    }

    /** max |a[b] − ref| over one batch element of a (batch, seq, hidden) float array. */
    static double maxAbsDiff(NDArray a, int batch, double[][] ref) {
        float[] v = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        int seq = ref.length;
        int h = ref[0].length;
        double max = 0;
        for (int i = 0; i < seq; i++) {
            for (int d = 0; d < h; d++) {
                max = Math.max(max, Math.abs(v[(batch * seq + i) * h + d] - ref[i][d]));
            }
        }
        return max;
    }

    static double maxAbsDiff(NDArray a, NDArray b) {
        return a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .sub(b.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)).abs().max().getFloat();
    }
}
