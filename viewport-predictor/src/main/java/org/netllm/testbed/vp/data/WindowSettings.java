package org.netllm.testbed.vp.data;

/**
 * How samples are cut from a trace (docs/reference/vp.md §1.5–1.6): {@code hw} history rows, {@code pw}
 * future rows, anchors t = trimHead, trimHead + step, … while t &lt; T − trimTail. The trims and step
 * stay at NetLLM's defaults (30, 60, 15) for every hw/pw, which is why both Table 2 window settings give
 * the same sample counts.
 */
public record WindowSettings(int hw, int pw, int trimHead, int trimTail, int step) {
    public static final int DEFAULT_HW = 10;
    public static final int DEFAULT_PW = 20;
    public static final int DEFAULT_TRIM_HEAD = 30;
    public static final int DEFAULT_TRIM_TAIL = 60;
    public static final int DEFAULT_STEP = 15;

    public WindowSettings {
        if (hw < 2) {
            throw new IllegalArgumentException("hw must be >= 2 (LR and Velocity need two history points), got " + hw);
        }
        if (pw < 1) {
            throw new IllegalArgumentException("pw must be >= 1, got " + pw);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1, got " + step);
        }
        if (trimHead < hw) {
            throw new IllegalArgumentException("trimHead " + trimHead + " must be >= hw " + hw);
        }
        if (trimTail < pw) {
            throw new IllegalArgumentException("trimTail " + trimTail + " must be >= pw " + pw);
        }
    }

    /** NetLLM's defaults with the given windows (the Table 2 settings are 10/20 and 20/30). */
    public static WindowSettings of(int hw, int pw) {
        return new WindowSettings(hw, pw, DEFAULT_TRIM_HEAD, DEFAULT_TRIM_TAIL, DEFAULT_STEP);
    }
}
