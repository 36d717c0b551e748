package org.netllm.testbed.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the report reads from one experiment folder.
 *
 * @param dir      the experiment (or single-session) folder
 * @param ok       complete sessions
 * @param failed   keys recorded as failed in status.jsonl and not completed later
 * @param lambda   λ of the QoE (one per experiment)
 * @param coverage how much of the planned matrix is done (experiment folders with plan.json)
 */
public record ExperimentResults(Path dir, List<SessionResult> ok, List<FailedSession> failed, double lambda,
                                Optional<Coverage> coverage) {

    public ExperimentResults {
        ok = List.copyOf(ok);
        failed = List.copyOf(failed);
    }

    /**
     * The plan against the results: a report of a partial (interrupted or still running) experiment
     * says so, per algorithm, instead of looking like a finished one.
     *
     * @param planned            sessions in plan.json
     * @param notRunByAlgorithm  per algorithm: planned sessions neither complete nor failed yet
     * @param models             model fingerprints recorded in plan.json (algorithm → sha256)
     */
    public record Coverage(int planned, Map<String, Integer> notRunByAlgorithm, Map<String, String> models) {
        public Coverage {
            notRunByAlgorithm = Map.copyOf(notRunByAlgorithm);
            models = Map.copyOf(models);
        }

        public int notRun() {
            return notRunByAlgorithm.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** A session given up after its attempts. */
    public record FailedSession(String key, String algorithm, String traceSet, int attempts, String reason) {
    }
}
