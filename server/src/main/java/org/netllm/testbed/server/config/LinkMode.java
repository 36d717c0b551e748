package org.netllm.testbed.server.config;

import java.util.Locale;

/** How a session's media bytes are shaped (docs/protocol.md §1 {@code link.mode}). */
public enum LinkMode {
    /** The server replays the session's trace in-process (netem {@code TraceDrivenLink}). */
    BUILTIN,
    /** No shaping by the server: the browser already sits behind Mahimahi, or unshaped runs. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the protocol's lower-case name; the message lists the accepted values. */
    public static LinkMode parse(String s) {
        for (LinkMode m : values()) {
            if (m.wireName().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("link.mode must be \"builtin\" or \"none\", got \"" + s + "\"");
    }
}
