package org.netllm.testbed.cjs.sim;

import org.netllm.testbed.cjs.tpch.StageProfile;

/** A job DAG node (docs/reference/cjs.md §1.1). Tasks are interchangeable, so only counts are kept. */
final class Stage {

    final int id;
    final Job job;
    final StageProfile profile;
    final int numTasks;
    int numRemainingTasks;
    int numProcessingTasks;
    int numCompletedTasks;
    double mostRecentDuration;
    /** Set during one observation build, as the Python flag. */
    boolean schedulableFlag;
    final Pool pool;

    Stage(int id, Job job, StageProfile profile) {
        this.id = id;
        this.job = job;
        this.profile = profile;
        this.numTasks = profile.numTasks();
        this.numRemainingTasks = numTasks;
        this.mostRecentDuration = profile.initialDuration();
        this.pool = Pool.stage(job.id, id);
    }

    boolean completed() {
        return numCompletedTasks == numTasks;
    }

    void startNextTask() {
        numRemainingTasks--;
        numProcessingTasks++;
    }

    void addTaskCompletion() {
        numProcessingTasks--;
        numCompletedTasks++;
    }
}
