package org.netllm.testbed.vp.data;

/** The three Euler angles in the datasets' column order (docs/reference/vp.md §1.1, §1.7). */
public enum Axis {
    ROLL(180.0), PITCH(90.0), YAW(180.0);

    public static final int COUNT = 3;

    private final double scaleDeg;

    Axis(double scaleDeg) {
        this.scaleDeg = scaleDeg;
    }

    /** The normalisation divisor: roll/180, pitch/90, yaw/180 map the angles into [-1, 1]. */
    public double scaleDeg() {
        return scaleDeg;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
