package org.netllm.testbed.server.session;

import java.util.Locale;

/** Why a session ended (docs/protocol.md §3). */
public enum EndReason {
    ENDED, ERROR, TIMEOUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EndReason parse(String s) {
        for (EndReason r : values()) {
            if (r.wireName().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("reason must be \"ended\", \"error\" or \"timeout\", got \"" + s + "\"");
    }
}
