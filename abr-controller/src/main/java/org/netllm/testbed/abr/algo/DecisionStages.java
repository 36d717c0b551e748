package org.netllm.testbed.abr.algo;

/**
 * When an asynchronous decision ran on the thread that computed it ({@link System#nanoTime()} values): the caller
 * measures the hand-offs around it (to that thread and back) as the rest of its wait.
 *
 * @param startedNanos  the computing thread began the decision
 * @param finishedNanos it had the quality
 */
public record DecisionStages(long startedNanos, long finishedNanos) {

    public double computeMs() {
        return (finishedNanos - startedNanos) / 1e6;
    }
}
