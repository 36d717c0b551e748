package org.netllm.testbed.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the report reads from one experiment folder.
 *
 * @param dir      the experiment (or single-session) folder
 * @param ok       complete sessions
 * @param failed   keys recorded as failed in status.jsonl and not completed later
 * @param lambda   λ of the QoE (one per experiment)
 */
public record ExperimentResults(Path dir, List<SessionResult> ok, List<FailedSession> failed, double lambda) {

    public ExperimentResults {
        ok = List.copyOf(ok);
        failed = List.copyOf(failed);
    }

    /** A session given up after its attempts. */
    public record FailedSession(String key, String algorithm, String traceSet, int attempts, String reason) {
    }
}
