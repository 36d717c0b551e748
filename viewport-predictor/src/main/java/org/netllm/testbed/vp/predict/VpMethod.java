package org.netllm.testbed.vp.predict;

import java.util.Locale;

/** The predictors the VP service offers (docs/reference/vp.md §5.1). */
public enum VpMethod {
    LR, VELOCITY, REPEAT, NETLLM;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a method key; unknown keys fail with the list of valid ones. */
    public static VpMethod parse(String s) {
        if (s != null) {
            String n = s.trim().toLowerCase(Locale.ROOT);
            for (VpMethod m : values()) {
                if (m.key().equals(n)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown method '" + s + "' (expected lr, velocity, repeat or netllm)");
    }
}
