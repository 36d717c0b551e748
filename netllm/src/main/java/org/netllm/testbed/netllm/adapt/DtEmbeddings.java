package org.netllm.testbed.netllm.adapt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/**
 * The decision-transformer embeddings shared by every task (docs/reference/abr.md §7.2): return
 * Linear(1→E), action Linear(1→E) on a task-defined scalar, a learned timestep table added to every
 * token of a step (return, observation and action tokens, in training and at inference alike), and
 * the LayerNorm(E) applied to the stacked sequence.
 *
 * @param embedReturn   Linear(1 → E)
 * @param embedAction   Linear(1 → E)
 * @param timestepTable (rows, E), rows = max_ep_len + 1
 * @param lnWeight      (E)
 * @param lnBias        (E)
 * @param lnEps         LayerNorm epsilon (1e-5, PyTorch default)
 */
public record DtEmbeddings(Dense embedReturn, Dense embedAction, NDArray timestepTable, NDArray lnWeight,
        NDArray lnBias, float lnEps) {

    /** PyTorch nn.LayerNorm default epsilon. */
    public static final double DEFAULT_LN_EPS = 1e-5;

    public static final String TIMESTEP = "embed_timestep";
    public static final String RETURN = "embed_return";
    public static final String ACTION = "embed_action";
    public static final String LAYER_NORM = "embed_ln";

    /** Loads the generic modules from our checkpoint names. */
    public static DtEmbeddings load(NamedWeights w, NDManager m, int hidden, int timestepRows, float eps)
            throws CheckpointException {
        return new DtEmbeddings(
                Dense.load(w, m, RETURN, hidden, 1),
                Dense.load(w, m, ACTION, hidden, 1),
                w.load(m, TIMESTEP + ".weight", timestepRows, hidden),
                w.load(m, LAYER_NORM + ".weight", hidden),
                w.load(m, LAYER_NORM + ".bias", hidden),
                eps);
    }

    public int hidden() {
        return (int) timestepTable.getShape().get(1);
    }

    public int timestepRows() {
        return (int) timestepTable.getShape().get(0);
    }

    /** Row t of the timestep table: (1, E). */
    public NDArray time(int timestep) {
        if (timestep < 0 || timestep >= timestepRows()) {
            throw new IllegalArgumentException("timestep " + timestep + " outside the " + timestepRows()
                    + "-row timestep embedding (0.." + (timestepRows() - 1) + ")");
        }
        return timestepTable.get(timestep + ":" + (timestep + 1));
    }

    /** Scalar x → Linear(1→E): (1, E). */
    private static NDArray scalar(Dense d, double x, NDManager m) {
        NDArray in = m.create(new float[] {(float) x}, new Shape(1, 1)).toDevice(d.weight().getDevice(), false);
        return d.forward(in);
    }

    /** embed_return(R) + time(t): (1, E). */
    public NDArray returnToken(double returnToGo, NDArray time, NDManager m) {
        return scalar(embedReturn, returnToGo, m).add(time);
    }

    /**
     * embed_action(x) + time(t): (1, E); x is the task's action encoding, e.g. (q+1)/6 for ABR.
     * Training and the original inference path ({@code OfflineRLPolicy.sample}, NetLLM@105bcf0
     * {@code plm_special/models/rl_policy.py}) both add the step's time embedding to the action token.
     */
    public NDArray actionToken(double actionInput, NDArray time, NDManager m) {
        return scalar(embedAction, actionInput, m).add(time);
    }

    /** LayerNorm over the last axis: (L, E) → (L, E). */
    public NDArray layerNorm(NDArray x) {
        return LayerNorm.layerNorm(x, new Shape(hidden()), lnWeight, lnBias, lnEps).singletonOrThrow();
    }
}
