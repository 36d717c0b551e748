package org.netllm.testbed.experiment;

import java.util.List;
import java.util.Objects;

/**
 * The experiment matrix: configuration, the traces drawn from each set, and the sessions in run
 * order (algorithm-major within each repeat, so an interrupted run has comparable coverage).
 */
public record ExperimentPlan(ExperimentConfig config, List<SampledSet> sampled, List<SessionSpec> sessions) {

    public ExperimentPlan {
        Objects.requireNonNull(config, "config");
        sampled = List.copyOf(sampled);
        sessions = List.copyOf(sessions);
    }

    /** The traces chosen from one set, relative to the repository root. */
    public record SampledSet(String traceSet, String dir, int available, List<String> tracePaths) {
        public SampledSet {
            tracePaths = List.copyOf(tracePaths);
        }
    }
}
