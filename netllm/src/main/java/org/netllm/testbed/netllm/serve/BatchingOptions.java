package org.netllm.testbed.netllm.serve;

import java.time.Duration;

/**
 * Knobs of {@link BatchingDecisionExecutor}.
 *
 * @param maxBatch      most decisions in one backbone forward
 * @param maxWait       how long the worker, holding at least one request, waits for more before it
 *                      runs the forward; {@link Duration#ZERO} = never wait (requests that queued
 *                      while the previous forward ran still share the next one)
 * @param queueCapacity requests that may wait; a full queue blocks submitters (back-pressure)
 * @param idleBypass    when no other request is queued or running, run a request at once on the
 *                      submitter's thread (a batch of 1) instead of handing it to the worker and
 *                      waiting out {@code maxWait}: a lone session pays neither the wait nor two
 *                      thread hand-offs; concurrent sessions still batch
 */
public record BatchingOptions(int maxBatch, Duration maxWait, int queueCapacity, boolean idleBypass) {

    /** Default batch cap: the bench's largest concurrency, enough for one server's sessions. */
    public static final int DEFAULT_MAX_BATCH = 64;
    /** Default wait: short against the paper's 0.1–0.3 s per decision, long enough to gather a burst. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(1);
    /** Default queue: a few full batches. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4 * DEFAULT_MAX_BATCH;

    public BatchingOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        if (maxWait == null || maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must be >= 0, got " + maxWait);
        }
        if (queueCapacity < maxBatch) {
            throw new IllegalArgumentException("queueCapacity (" + queueCapacity + ") must be >= maxBatch ("
                    + maxBatch + ")");
        }
    }

    public static BatchingOptions defaults() {
        return new BatchingOptions(DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT, DEFAULT_QUEUE_CAPACITY, true);
    }

    public BatchingOptions withMaxBatch(int n) {
        return new BatchingOptions(n, maxWait, Math.max(queueCapacity, n), idleBypass);
    }

    public BatchingOptions withMaxWait(Duration d) {
        return new BatchingOptions(maxBatch, d, queueCapacity, idleBypass);
    }

    public BatchingOptions withIdleBypass(boolean on) {
        return new BatchingOptions(maxBatch, maxWait, queueCapacity, on);
    }
}
