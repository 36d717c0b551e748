package org.netllm.testbed.experiment;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The experiment matrix: configuration, the traces drawn from each set, the sessions in run order
 * (algorithm-major within each repeat, so an interrupted run has comparable coverage), and the
 * fingerprint of every checkpoint-backed algorithm (e.g. "netllm" → "sha256:…"), so a resume after
 * the model was retrained is refused instead of mixing two models in one table. {@code decisions}
 * says whether decision requests bypass the emulated link (a resume with the other path is refused).
 */
public record ExperimentPlan(ExperimentConfig config, List<SampledSet> sampled, List<SessionSpec> sessions,
                             Map<String, String> models, DecisionPath decisions) {

    public ExperimentPlan {
        Objects.requireNonNull(config, "config");
        sampled = List.copyOf(sampled);
        sessions = List.copyOf(sessions);
        // plan.json written before fingerprints existed has no "models": read as none
        models = models == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(models));
        // plan.json written before the decision path was recorded: GENET's bypass, the default then too
        decisions = decisions == null ? DecisionPath.BYPASS : decisions;
        if (decisions == DecisionPath.CROSS_LINK && config.emulator() != ExperimentConfig.Emulator.MAHIMAHI) {
            throw new IllegalArgumentException("decisions can cross the link only with --emulator mahimahi "
                    + "(the builtin link shapes media only)");
        }
    }

    /** Decisions bypass the link (GENET's default). */
    public ExperimentPlan(ExperimentConfig config, List<SampledSet> sampled, List<SessionSpec> sessions,
                          Map<String, String> models) {
        this(config, sampled, sessions, models, DecisionPath.BYPASS);
    }

    /** Algorithms whose fingerprint differs between this plan and {@code other}, with both values. */
    public List<String> modelChanges(ExperimentPlan other) {
        TreeMap<String, String> all = new TreeMap<>(models);
        other.models.forEach(all::putIfAbsent);
        return all.keySet().stream().filter(a -> !Objects.equals(models.get(a), other.models.get(a)))
                .map(a -> a + " (" + models.getOrDefault(a, "none") + " then, " + other.models.getOrDefault(a, "none")
                        + " now)").toList();
    }

    /** The same plan with other fingerprints (used to compare matrices alone). */
    public ExperimentPlan withModels(Map<String, String> m) {
        return new ExperimentPlan(config, sampled, sessions, m, decisions);
    }

    /** The same plan with another decision path. */
    public ExperimentPlan withDecisions(DecisionPath d) {
        return new ExperimentPlan(config, sampled, sessions, models, d);
    }

    /** The traces chosen from one set, relative to the repository root. */
    public record SampledSet(String traceSet, String dir, int available, List<String> tracePaths) {
        public SampledSet {
            tracePaths = List.copyOf(tracePaths);
        }
    }
}
