package org.netllm.testbed.vp.data;

/**
 * roll/180, pitch/90, yaw/180 into [−1, 1] and back (docs/reference/vp.md §1.7): no mean/std scaling,
 * no unwrapping of the ±180° discontinuity, no re-wrapping of outputs.
 */
public final class Normalisation {
    private Normalisation() {
    }

    public static double normalise(Axis a, double deg) {
        return deg / a.scaleDeg();
    }

    public static double denormalise(Axis a, double value) {
        return value * a.scaleDeg();
    }

    /** (n, 3) degrees → (n, 3) normalised. */
    public static double[][] normalise(double[][] deg) {
        double[][] out = new double[deg.length][Axis.COUNT];
        for (int i = 0; i < deg.length; i++) {
            for (Axis a : Axis.values()) {
                out[i][a.ordinal()] = normalise(a, deg[i][a.ordinal()]);
            }
        }
        return out;
    }

    /** (n, 3) normalised → (n, 3) degrees. */
    public static double[][] denormalise(double[][] norm) {
        double[][] out = new double[norm.length][Axis.COUNT];
        for (int i = 0; i < norm.length; i++) {
            for (Axis a : Axis.values()) {
                out[i][a.ordinal()] = denormalise(a, norm[i][a.ordinal()]);
            }
        }
        return out;
    }
}
