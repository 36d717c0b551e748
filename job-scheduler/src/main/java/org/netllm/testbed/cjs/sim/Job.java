package org.netllm.testbed.cjs.sim;

import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.cjs.tpch.JobTemplate;

/** A job (docs/reference/cjs.md §1.1): stages, DAG, frontier, arrival/completion times, supply. */
final class Job {

    final int id;
    final JobTemplate template;
    final Stage[] stages;
    /** Incomplete stages in id order. */
    final List<Stage> activeStages;
    final boolean[] frontier;
    final double tArrival;
    double tCompleted = Double.POSITIVE_INFINITY;
    int numLocalExecutors;
    int saturatedStageCount;
    /** Executor supply (§1.5), maintained as spark-sched-sim's {@code _total_executor_count}. */
    int supply;
    final Pool pool;

    Job(int id, JobTemplate template, double tArrival) {
        this.id = id;
        this.template = template;
        this.tArrival = tArrival;
        this.pool = Pool.job(id);
        this.stages = new Stage[template.numStages()];
        for (int s = 0; s < stages.length; s++) {
            stages[s] = new Stage(s, this, template.stages()[s]);
        }
        this.activeStages = new ArrayList<>(List.of(stages));
        this.frontier = new boolean[stages.length];
        for (int s = 0; s < stages.length; s++) {
            frontier[s] = template.parents()[s].length == 0;
        }
    }

    boolean completed() {
        return activeStages.isEmpty();
    }

    boolean saturated() {
        return saturatedStageCount == stages.length;
    }

    /** Removes a completed stage; returns whether children joined the frontier. */
    boolean addStageCompletion(Stage stage) {
        activeStages.remove(stage);
        frontier[stage.id] = false;
        boolean added = false;
        if (!stage.completed()) {
            return false;
        }
        for (int child : template.children()[stage.id]) {
            Stage c = stages[child];
            if (!c.completed() && parentsCompleted(child)) {
                if (!frontier[child]) {
                    frontier[child] = true;
                }
                added = true;
            }
        }
        return added;
    }

    private boolean parentsCompleted(int stageId) {
        for (int p : template.parents()[stageId]) {
            if (!stages[p].completed()) {
                return false;
            }
        }
        return true;
    }
}
