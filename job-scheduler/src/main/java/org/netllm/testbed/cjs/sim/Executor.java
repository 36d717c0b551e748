package org.netllm.testbed.cjs.sim;

/** An executor (docs/reference/cjs.md §1.1). {@code lastStageId} −1 means idle ({@code task = None}). */
final class Executor {

    static final int IDLE = -1;

    final int id;
    /** Stage id of the current or last finished task, or {@link #IDLE}. */
    int taskStageId = IDLE;
    /** Job the executor is local to, or null. */
    Job job;
    boolean executing;

    Executor(int id) {
        this.id = id;
    }

    boolean idle() {
        return taskStageId == IDLE;
    }
}
