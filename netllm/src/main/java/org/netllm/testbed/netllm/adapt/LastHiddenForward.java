package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * How a decision reaches the backbone: one LayerNorm'd token sequence in, the backbone's hidden
 * state at its last position out (docs/reference/abr.md §7.6: the head reads only the last position). The
 * seam lets a server replace the direct per-session forward with a shared, micro-batched one
 * ({@code netllm.serve.BatchingDecisionExecutor}) without the decision transformer knowing.
 */
@FunctionalInterface
public interface LastHiddenForward {

    /**
     * @param sequence (seq, hidden), on the backbone's device
     * @param owner    manager that owns the result
     * @return (hidden) in float32: the last position's final hidden state (the task heads are float32
     *     even when the backbone computes in float16 on a GPU)
     */
    NDArray lastHidden(NDArray sequence, NDManager owner);

    /**
     * Runs {@code backbone} on this one sequence in the caller's thread (batch of 1), asking only for
     * the last position ({@link Backbone#forwardAt}).
     */
    static LastHiddenForward direct(Backbone backbone) {
        return (sequence, owner) -> {
            long len = sequence.getShape().get(0);
            NDArray last = backbone.forwardAt(sequence.expandDims(0), new long[] {len - 1}); // (1, hidden)
            last.attach(owner);
            return last.reshape(-1).toType(DataType.FLOAT32, false); // (hidden)
        };
    }
}
