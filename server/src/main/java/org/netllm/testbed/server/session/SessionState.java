package org.netllm.testbed.server.session;

import java.util.Locale;

public enum SessionState {
    ACTIVE, ENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
