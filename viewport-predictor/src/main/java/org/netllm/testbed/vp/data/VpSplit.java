package org.netllm.testbed.vp.data;

import java.util.Locale;

/** NetLLM's train/valid/test partition (docs/reference/vp.md §1.4). */
public enum VpSplit {
    TRAIN, VALID, TEST;

    /** The key used in splits.json. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VpSplit parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (VpSplit s : values()) {
            if (s.key().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "' (expected train, valid or test)");
    }
}
