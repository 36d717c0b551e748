package org.netllm.testbed.cjs.netllm;

import java.util.Arrays;

/**
 * Which stage head a NetLLM-CJS checkpoint uses (docs/reference/cjs.md §5.4). Recorded in {@code config.json} as
 * {@code stage_head}; a checkpoint without the field is {@link #LAST} (the spec's default).
 * <ul>
 * <li>{@link #LAST}: {@code stage_action_head2}, Linear d→100 read at the last stage token; logits cut to
 * min(n, 100), so only the first 100 schedulable stages can be chosen.</li>
 * <li>{@link #PER_TOKEN}: {@code stage_action_head1} (Decima-like), Linear d→1 read at every stage token; one score
 * per schedulable stage, n logits.</li>
 * </ul>
 */
public enum StageHead {
    LAST("last", CjsModules.MAX_STAGES),
    PER_TOKEN("per-token", 1);

    private final String configName;
    private final int outputs;

    StageHead(String configName, int outputs) {
        this.configName = configName;
        this.outputs = outputs;
    }

    /** The name in config.json and on the command line. */
    public String configName() {
        return configName;
    }

    /** Output width of the head's Linear (its weight is (outputs, d)). */
    public int outputs() {
        return outputs;
    }

    /** How many of n schedulable stages this head can choose from. */
    public int choosable(int n) {
        return this == LAST ? Math.min(n, CjsModules.MAX_STAGES) : n;
    }

    public static StageHead parse(String name) {
        for (StageHead h : values()) {
            if (h.configName.equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown stage head '" + name + "'; expected one of "
                + Arrays.stream(values()).map(StageHead::configName).toList());
    }

    @Override
    public String toString() {
        return configName;
    }
}
