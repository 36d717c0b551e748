package org.netllm.testbed.cjs.sim;

/**
 * spark-sched-sim's raw observation (docs/reference/cjs.md §3.1). One node per active stage,
 * jobs in arrival order, stages in id order; node arrays are parallel. Edges are (parent, child)
 * node indices among active stages, sorted by job, then parent, then child.
 *
 * @param jobIds            ids of the active jobs (length J)
 * @param dagPtr            length J+1 prefix offsets into the node arrays
 * @param remainingTasks    unstarted tasks per node
 * @param mostRecentDuration most recent task duration per node (ms, float32 as in the Python obs)
 * @param schedulable       is_schedulable per node; the k-th true node is stage_idx k
 * @param edgeParents       parent node of each edge
 * @param edgeChildren      child node of each edge
 * @param numCommittable    uncommitted executors at the source pool
 * @param sourceJobIdx      index of the source job among active jobs, or J
 * @param execSupplies      executor supply per active job
 * @param numExecutors      N
 * @param wallTimeMs        simulated time of the decision
 */
public record Observation(int[] jobIds, int[] dagPtr, int[] remainingTasks, float[] mostRecentDuration,
        boolean[] schedulable, int[] edgeParents, int[] edgeChildren, int numCommittable, int sourceJobIdx,
        int[] execSupplies, int numExecutors, double wallTimeMs) {

    public int numJobs() {
        return jobIds.length;
    }

    public int numNodes() {
        return remainingTasks.length;
    }

    public int numSchedulable() {
        int n = 0;
        for (boolean b : schedulable) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
