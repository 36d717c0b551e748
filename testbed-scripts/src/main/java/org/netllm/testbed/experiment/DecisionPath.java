package org.netllm.testbed.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a session's decision requests reach the server, recorded in plan.json ({@code "decisions"}) so a
 * resume cannot mix the two in one result table.
 */
public enum DecisionPath {
    /**
     * Unshaped, as GENET (its ABR server ran inside the Mahimahi namespace on localhost). Under Mahimahi:
     * a relay inside the shell reaches the server's Unix-domain socket. The builtin emulator never shapes
     * decisions, so it is always this.
     */
    BYPASS("bypass"),
    /** Under Mahimahi only: decision POSTs cross mm-delay/mm-link like media (+ 2 × delay and queueing each). */
    CROSS_LINK("cross-link");

    private final String id;

    DecisionPath(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** plan.json value; plans written before this field existed have none and were bypass or builtin. */
    @JsonCreator
    public static DecisionPath parse(String s) {
        for (DecisionPath p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("decisions must be bypass or cross-link, got '" + s + "'");
    }
}
