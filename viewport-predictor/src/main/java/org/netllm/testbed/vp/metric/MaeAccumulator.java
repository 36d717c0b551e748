package org.netllm.testbed.vp.metric;

import org.netllm.testbed.vp.data.Axis;

/**
 * Accumulates docs/reference/vp.md §2's MAE (docs/reference/vp.md §2): mean of the wrapped per-element error over samples ×
 * timesteps × 3 axes, plus the same mean per axis. Sums are kept per axis in sample order, so the
 * result does not depend on how samples were batched.
 */
public final class MaeAccumulator {
    private final double[] sum = new double[Axis.COUNT];
    private long elementsPerAxis;
    private long samples;

    /**
     * Adds one predicted sequence against its ground truth, both (H, 3) degrees; returns the sample's
     * own MAE (the paper's per-sample value).
     */
    public double add(double[][] groundTruth, double[][] prediction) {
        double sampleSum = sampleErrorSum(groundTruth, prediction, sum);
        elementsPerAxis += groundTruth.length;
        samples++;
        return sampleSum / (groundTruth.length * (double) Axis.COUNT);
    }

    /** The MAE of one sequence pair without accumulating. */
    public static MaeResult of(double[][] groundTruth, double[][] prediction) {
        MaeAccumulator acc = new MaeAccumulator();
        acc.add(groundTruth, prediction);
        return acc.result();
    }

    private static double sampleErrorSum(double[][] g, double[][] p, double[] axisSums) {
        if (g.length != p.length || g.length == 0) {
            throw new IllegalArgumentException("prediction has " + p.length + " steps, ground truth " + g.length
                    + " (need the same non-zero length)");
        }
        double total = 0;
        for (int t = 0; t < g.length; t++) {
            if (g[t].length != Axis.COUNT || p[t].length != Axis.COUNT) {
                throw new IllegalArgumentException("step " + t + " needs " + Axis.COUNT + " angles");
            }
            for (int a = 0; a < Axis.COUNT; a++) {
                double e = AngularError.of(g[t][a], p[t][a]);
                axisSums[a] += e;
                total += e;
            }
        }
        return total;
    }

    public long samples() {
        return samples;
    }

    public MaeResult result() {
        if (elementsPerAxis == 0) {
            return new MaeResult(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double n = elementsPerAxis;
        double roll = sum[0] / n;
        double pitch = sum[1] / n;
        double yaw = sum[2] / n;
        return new MaeResult((sum[0] + sum[1] + sum[2]) / (n * Axis.COUNT), roll, pitch, yaw, samples);
    }
}
