package org.netllm.testbed.netem;

import org.netllm.testbed.traces.MahimahiTrace;

/**
 * A downlink trace with its delivery-opportunity index, both immutable, so every link replaying the same file can
 * share one copy (the server's sessions: 400 sessions on a 90 000-line trace held 400 copies, issue 11).
 */
public final class PreparedTrace {

    private final MahimahiTrace trace;
    private final DeliveryOpportunities opportunities;

    private PreparedTrace(MahimahiTrace trace) {
        this.trace = trace;
        this.opportunities = new DeliveryOpportunities(trace);
    }

    public static PreparedTrace of(MahimahiTrace trace) {
        return new PreparedTrace(trace);
    }

    public MahimahiTrace trace() {
        return trace;
    }

    DeliveryOpportunities opportunities() {
        return opportunities;
    }
}
