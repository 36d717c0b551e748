package org.netllm.testbed.cjs.sim;

import java.util.LinkedHashMap;

/**
 * An executor pool (docs/reference/cjs.md §1.1): the common pool, a job pool (idle executors at a
 * job) or a stage pool, plus the placeholder "no source" pool. Holds its executors (in CPython set
 * order), its outgoing commitments in insertion order, and the per-stage commitment and moving
 * counters.
 */
final class Pool {

    static final int NO_JOB = -1;
    static final int NO_STAGE = -1;

    final int jobId;
    final int stageId;
    final boolean placeholder;
    final PyIntSet executors = new PyIntSet();
    /** destination pool → number of commitments, in Python dict insertion order. */
    final LinkedHashMap<Pool, Integer> commitments = new LinkedHashMap<>();
    int numCommitmentsFrom;
    int numCommitmentsTo;
    int numMovingTo;

    private Pool(int jobId, int stageId, boolean placeholder) {
        this.jobId = jobId;
        this.stageId = stageId;
        this.placeholder = placeholder;
    }

    static Pool common() {
        return new Pool(NO_JOB, NO_STAGE, false);
    }

    static Pool none() {
        return new Pool(NO_JOB, NO_STAGE, true);
    }

    static Pool job(int jobId) {
        return new Pool(jobId, NO_STAGE, false);
    }

    static Pool stage(int jobId, int stageId) {
        return new Pool(jobId, stageId, false);
    }

    boolean isCommon() {
        return !placeholder && jobId == NO_JOB;
    }

    boolean isJobPool() {
        return jobId != NO_JOB && stageId == NO_STAGE;
    }
}
