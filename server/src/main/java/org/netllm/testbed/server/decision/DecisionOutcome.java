package org.netllm.testbed.server.decision;

/**
 * The reply to one chunk report (docs/protocol.md §2), serialised as is (field order = wire order).
 *
 * @param quality           quality for chunk {@code chunk}
 * @param chunk             the chunk this quality is for (= reported chunkIndex + 1)
 * @param algorithm         algorithm name
 * @param decisionLatencyMs server-side latency: request body received → decision ready, incl. queueing
 *                          behind the session's earlier work and the worker pool (what a synchronous
 *                          XHR waits for, docs/reference/abr.md §9.20)
 * @param queueMs           of which waiting for a worker: body received (and parsed on the event loop)
 *                          → the session's serial task starts; the scheduling part of the latency
 * @param algorithmMs       of which the algorithm's own {@code decide} call
 * @param computeMs         of which the time on the algorithm's own thread (NetLLM: the model service's decision
 *                          thread, its batched forward included); {@code algorithmMs − computeMs} is the hand-off
 *                          there and back.
 *                          Equal to {@code algorithmMs} for an algorithm that decides on the calling thread
 */
public record DecisionOutcome(int quality, int chunk, String algorithm, double decisionLatencyMs, double queueMs,
                              double algorithmMs, double computeMs) {
}
