package org.netllm.testbed.netllm.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Picking one position per batch row out of (batch, seq, hidden) arrays, for {@link Backbone#forwardAt}. */
public final class HiddenRows {

    private HiddenRows() {
    }

    /** Fails unless there is exactly one position per row and each lies in 0..seq−1. */
    public static void check(long[] positions, long batch, long seq) {
        if (positions.length != batch) {
            throw new IllegalArgumentException("need one position per batch row: " + positions.length
                    + " positions for a batch of " + batch);
        }
        for (int b = 0; b < positions.length; b++) {
            if (positions[b] < 0 || positions[b] >= seq) {
                throw new IllegalArgumentException("position " + positions[b] + " of row " + b
                        + " is outside 0.." + (seq - 1));
            }
        }
    }

    /** (batch) int64 indices b·seq + positions[b] into the rows of a (batch·seq, hidden) view. */
    public static NDArray flatIndex(NDManager manager, long[] positions, long seq) {
        long[] flat = new long[positions.length];
        for (int b = 0; b < flat.length; b++) {
            flat[b] = b * seq + positions[b];
        }
        return manager.create(flat);
    }

    /** (batch, seq, hidden) → (batch, hidden): row b at flat index {@code rows[b]} (one gather op). */
    public static NDArray gather(NDArray x, NDArray rows) {
        Shape s = x.getShape();
        return x.reshape(s.get(0) * s.get(1), s.get(2)).get(rows);
    }

    /** (batch, seq, hidden) → (batch, hidden) at {@code positions[b]} of row b, owned by x's manager. */
    public static NDArray select(NDArray x, long[] positions) {
        Shape s = x.getShape();
        check(positions, s.get(0), s.get(1));
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray out = gather(x, flatIndex(scope, positions, s.get(1)));
            out.attach(x.getManager());
            return out;
        }
    }
}
