package org.netllm.testbed.cjs.sched;

import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;

/**
 * spark-sched-sim's {@code RoundRobinScheduler} (docs/reference/cjs.md §4.1–4.2): FIFO caps every
 * job at ⌈N/2⌉ executors, Fair at ⌈N / #active jobs⌉. The source job keeps all committable
 * executors if it has a schedulable stage; otherwise jobs in arrival order below the cap get
 * min(committable, cap − supply); otherwise nothing is scheduled. Deterministic and stateless.
 */
public final class RoundRobinScheduler implements Scheduler {

    private final boolean dynamicPartition;

    private RoundRobinScheduler(boolean dynamicPartition) {
        this.dynamicPartition = dynamicPartition;
    }

    public static RoundRobinScheduler fifo() {
        return new RoundRobinScheduler(false);
    }

    public static RoundRobinScheduler fair() {
        return new RoundRobinScheduler(true);
    }

    @Override
    public String name() {
        return dynamicPartition ? "fair" : "fifo";
    }

    @Override
    public Action schedule(Observation obs) {
        int numJobs = obs.numJobs();
        int n = obs.numExecutors();
        int cap = dynamicPartition ? ceilDiv(n, Math.max(1, numJobs)) : ceilDiv(n, 2);
        int[] rank = schedulableRanks(obs);
        boolean[] frontier = frontierNodes(obs);
        if (obs.sourceJobIdx() < numJobs) {
            int s = findStage(obs, obs.sourceJobIdx(), rank, frontier);
            if (s != -1) {
                return new Action(s, obs.numCommittable());
            }
        }
        for (int j = 0; j < numJobs; j++) {
            if (obs.execSupplies()[j] >= cap || j == obs.sourceJobIdx()) {
                continue;
            }
            int s = findStage(obs, j, rank, frontier);
            if (s == -1) {
                continue;
            }
            return new Action(s, Math.min(obs.numCommittable(), cap - obs.execSupplies()[j]));
        }
        return new Action(Action.NONE, obs.numCommittable());
    }

    /** ⌈a / b⌉ for positive ints (upstream: int(np.ceil(a / b)), exact for these sizes). */
    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Node → its rank among schedulable nodes, or −1. */
    static int[] schedulableRanks(Observation obs) {
        int[] rank = new int[obs.numNodes()];
        int r = 0;
        for (int i = 0; i < rank.length; i++) {
            rank[i] = obs.schedulable()[i] ? r++ : -1;
        }
        return rank;
    }

    /** Frontier node = not the child end of any edge (all its parents completed). */
    static boolean[] frontierNodes(Observation obs) {
        boolean[] f = new boolean[obs.numNodes()];
        java.util.Arrays.fill(f, true);
        for (int c : obs.edgeChildren()) {
            f[c] = false;
        }
        return f;
    }

    /** First schedulable frontier node of the job, else its first schedulable node, else −1 (§4.1). */
    static int findStage(Observation obs, int job, int[] rank, boolean[] frontier) {
        int selected = -1;
        for (int node = obs.dagPtr()[job]; node < obs.dagPtr()[job + 1]; node++) {
            if (rank[node] < 0) {
                continue;
            }
            if (frontier[node]) {
                return rank[node];
            }
            if (selected == -1) {
                selected = rank[node];
            }
        }
        return selected;
    }
}
