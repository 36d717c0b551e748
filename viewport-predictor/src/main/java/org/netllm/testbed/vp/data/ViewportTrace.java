package org.netllm.testbed.vp.data;

/**
 * One 5 Hz head-orientation trace: rows of (roll, pitch, yaw) in degrees, the timestamp column dropped
 * as NetLLM does on load (docs/reference/vp.md §1.1). Rows are treated as uniformly spaced at 5 Hz.
 */
public final class ViewportTrace {
    private final VpDataset dataset;
    private final TraceKey key;
    private final double[][] rows; // (T, 3): roll, pitch, yaw

    public ViewportTrace(VpDataset dataset, TraceKey key, double[][] rows) {
        this.dataset = dataset;
        this.key = key;
        for (double[] r : rows) {
            if (r.length != Axis.COUNT) {
                throw new IllegalArgumentException("trace " + key + ": every row needs " + Axis.COUNT + " angles");
            }
        }
        this.rows = rows;
    }

    public VpDataset dataset() {
        return dataset;
    }

    public TraceKey key() {
        return key;
    }

    public int length() {
        return rows.length;
    }

    /** Copy of row {@code i} as {roll, pitch, yaw}. */
    public double[] row(int i) {
        return rows[i].clone();
    }

    /** Copy of rows [from, to) as (to-from, 3). */
    public double[][] rows(int from, int to) {
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = rows[i].clone();
        }
        return out;
    }
}
