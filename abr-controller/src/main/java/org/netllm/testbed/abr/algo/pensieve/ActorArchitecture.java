package org.netllm.testbed.abr.algo.pensieve;

import static org.netllm.testbed.abr.state.StateNormalisation.ROW_NEXT_SIZES;
import static org.netllm.testbed.abr.state.StateNormalisation.ROW_REMAINING;
import static org.netllm.testbed.abr.state.StateNormalisation.S_LEN_GENET;
import static org.netllm.testbed.abr.state.StateNormalisation.S_LEN_PENSIEVE;

/**
 * The two actor layouts found in the shipped checkpoints (docs/reference/abr.md §6.4, docs/reference/data.md §5.1).
 * Both have the same layer widths; they differ in state length, action meaning and which row the
 * sixth branch reads.
 */
public enum ActorArchitecture {

    /**
     * GENET "jump" actor (NetLLM {@code a3c.py} = GENET {@code a3c_jump.py}): 6 × 6 state, 3 relative
     * actions (down, keep, up), branch 5 on row 5 (chunks remaining).
     */
    GENET_JUMP(S_LEN_GENET, 3, ROW_REMAINING),

    /**
     * Original Pensieve ({@code P:sim/a3c.py}): 6 × 8 state, 6 absolute actions (the quality), branch 5
     * reads row 4's LAST column instead of row 5 — a bug in the original code that the trained
     * weights depend on (quirk 2: fixing it changes outputs by up to 0.28).
     */
    PENSIEVE_ORIGINAL(S_LEN_PENSIEVE, 6, ROW_NEXT_SIZES);

    /** Relative-action offsets of {@link #GENET_JUMP}: action a moves the quality by a − 1. */
    private static final int KEEP_ACTION = 1;

    private final int sLen;
    private final int actions;
    private final int branch5Row;

    ActorArchitecture(int sLen, int actions, int branch5Row) {
        this.sLen = sLen;
        this.actions = actions;
        this.branch5Row = branch5Row;
    }

    public int sLen() {
        return sLen;
    }

    public int actions() {
        return actions;
    }

    /** Row whose last column feeds branch 5. */
    public int branch5Row() {
        return branch5Row;
    }

    /**
     * Action → quality: GENET {@code calculate_from_selection} / NetLLM {@code action2bitrate}
     * (0 → q−1, 1 → q, 2 → q+1, clamped to the ladder) or Pensieve's direct level.
     */
    public int toQuality(int action, int lastQuality, int levels) {
        if (this == PENSIEVE_ORIGINAL) {
            return action;
        }
        int q = lastQuality + action - KEEP_ACTION;
        return Math.max(0, Math.min(levels - 1, q));
    }

    /** The layout whose state length and action count match a checkpoint, or null. */
    static ActorArchitecture matching(long sLen, long actions) {
        for (ActorArchitecture a : values()) {
            if (a.sLen == sLen && a.actions == actions) {
                return a;
            }
        }
        return null;
    }
}
