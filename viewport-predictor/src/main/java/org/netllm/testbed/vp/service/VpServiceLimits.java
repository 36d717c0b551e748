package org.netllm.testbed.vp.service;

/**
 * Bounds on what one request may ask for (every port is reachable by a hostile client). Defaults:
 * history up to 2 048 points (34 s of a 60 Hz headset), historyWindow 2..60 samples, horizon 1..30
 * samples (6 s, the longest setting NetLLM-VP was evaluated on, docs/reference/abr.md §5.1), evaluation up to 1 024 steps.
 */
public record VpServiceLimits(int maxHistoryPoints, int minHistoryWindow, int maxHistoryWindow,
                              int maxHorizon, int maxEvaluationSteps) {
    public static final VpServiceLimits DEFAULT = new VpServiceLimits(2048, 2, 60, 30, 1024);

    public VpServiceLimits {
        if (minHistoryWindow < 2 || maxHistoryWindow < minHistoryWindow || maxHorizon < 1
                || maxHistoryPoints < maxHistoryWindow || maxEvaluationSteps < 1) {
            throw new IllegalArgumentException("inconsistent VP service limits");
        }
    }
}
