package org.netllm.testbed.abr.sim;

import java.util.List;
import org.netllm.testbed.abr.qoe.QoeSummary;
import org.netllm.testbed.abr.qoe.SessionRecord;

/**
 * One algorithm over a trace plan: per-session records in plan order and the pooled summary.
 */
public record AlgorithmResult(String algorithm, List<SessionRecord> sessions, QoeSummary summary) {

    public AlgorithmResult {
        sessions = List.copyOf(sessions);
    }

    static AlgorithmResult of(String algorithm, List<SessionRecord> sessions) {
        QoeSummary.Accumulator acc = new QoeSummary.Accumulator();
        for (SessionRecord s : sessions) {
            acc.addSession(s.chunks());
        }
        return new AlgorithmResult(algorithm, sessions, acc.summary());
    }
}
