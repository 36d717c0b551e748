package org.netllm.testbed.abr.netllm;

/**
 * Sizes and module names of NetLLM's ABR decision transformer (docs/reference/abr.md §7.1, §7.2, §7.7).
 * Our checkpoint names are {@code encoder.*} for the state encoder and its projections, the
 * generic {@code embed_*} / {@code head} names for the rest.
 */
public final class AbrDtLayout {

    private AbrDtLayout() {
    }

    /** Task id in config.json. */
    public static final String TASK = "abr";
    /** Qualities = logits of the action head. */
    public static final int ACTION_DIM = 6;
    /** State rows × history columns (NetLLM S_INFO × S_LEN, docs/reference/abr.md §5.1). */
    public static final int STATE_ROWS = 6;
    public static final int STATE_COLS = 6;
    /** State tokens per step (docs/reference/abr.md §7.1). */
    public static final int STATE_TOKENS = 6;
    /** Conv1d kernel over throughput / download-time history (rows 2, 3). */
    public static final int HISTORY_KERNEL = 4;
    /** Conv1d kernel over the next-chunk sizes (row 4) = number of qualities. */
    public static final int SIZES_KERNEL = 6;
    /** Valid-padding output length of the history convs: 6 − 4 + 1. */
    public static final int HISTORY_CONV_OUT = STATE_COLS - HISTORY_KERNEL + 1;
    /** LeakyReLU negative slope (torch default 0.01). */
    public static final float LEAKY_SLOPE = 0.01f;

    /** config.json task_dims keys. */
    public static final String DIM_STATE_FEATURE = "state_feature_dim";
    public static final String DIM_ACTION = "action_dim";

    // our module names
    public static final String ENCODER = "encoder";
    public static final String HEAD = "head";

    /** Action embedding input for quality q: (q+1)/6 (docs/reference/abr.md §9.16). */
    public static double actionInput(int quality) {
        return (quality + 1) / (double) ACTION_DIM;
    }
}
