package org.netllm.testbed.cjs.decima;

import org.netllm.testbed.cjs.sim.Observation;

/**
 * spark-sched-sim's {@code NeuralObsWrapper} output (docs/reference/cjs.md §3.2): five float32
 * features per node, the per-job commit caps (exec_mask row j = first cap_j choices), the stage
 * mask, the job pointer and the (parent, child) edges.
 *
 * @param features  (nodes, 5) row-major
 * @param commitCaps per job
 */
public record NeuralObservation(float[][] features, int[] dagPtr, int[] edgeParents, int[] edgeChildren,
        boolean[] stageMask, int[] commitCaps, int numExecutors) {

    public static final int NUM_FEATURES = 5;
    public static final int NUM_DAG_FEATURES = 3;
    private static final float NUM_TASKS_SCALE = 200f;
    private static final float WORK_SCALE = 1e5f;

    public int numNodes() {
        return features.length;
    }

    public int numJobs() {
        return dagPtr.length - 1;
    }

    /** Job index of a node. */
    public int jobOf(int node) {
        int j = 0;
        while (dagPtr[j + 1] <= node) {
            j++;
        }
        return j;
    }

    /** Node indices of the schedulable stages, in stage_idx order. */
    public int[] schedulableNodes() {
        int count = 0;
        for (boolean b : stageMask) {
            count += b ? 1 : 0;
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < stageMask.length; i++) {
            if (stageMask[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    public static NeuralObservation of(Observation obs) {
        int jobs = obs.numJobs();
        int n = obs.numExecutors();
        int[] caps = new int[jobs];
        for (int j = 0; j < jobs; j++) {
            int gap = Math.max(n - obs.execSupplies()[j], 0);
            caps[j] = Math.min(gap, obs.numCommittable());
        }
        if (obs.sourceJobIdx() < jobs) {
            caps[obs.sourceJobIdx()] = obs.numCommittable();
        }
        float[][] f = new float[obs.numNodes()][NUM_FEATURES];
        for (int j = 0; j < jobs; j++) {
            float cap = (float) ((double) caps[j] / n);
            float src = j == obs.sourceJobIdx() ? 1f : -1f;
            float supply = (float) ((double) obs.execSupplies()[j] / n);
            for (int i = obs.dagPtr()[j]; i < obs.dagPtr()[j + 1]; i++) {
                float rem = obs.remainingTasks()[i];
                f[i][0] = cap;
                f[i][1] = src;
                f[i][2] = supply;
                f[i][3] = rem / NUM_TASKS_SCALE;
                f[i][4] = (rem * obs.mostRecentDuration()[i]) / WORK_SCALE;
            }
        }
        return new NeuralObservation(f, obs.dagPtr(), obs.edgeParents(), obs.edgeChildren(), obs.schedulable(), caps, n);
    }
}
