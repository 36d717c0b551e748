package org.netllm.testbed.cjs.sim;

import java.util.PriorityQueue;

/** Min-heap of events by (time, insertion counter): ties pop FIFO (docs/reference/cjs.md §1.4). */
final class Timeline {

    enum Type { JOB_ARRIVAL, TASK_COMPLETION, EXECUTOR_ARRIVAL }

    record Event(double time, long seq, Type type, Job job, Stage stage, Executor executor) {
    }

    private final PriorityQueue<Event> heap = new PriorityQueue<>((a, b) -> {
        int c = Double.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long counter;

    void push(double time, Type type, Job job, Stage stage, Executor executor) {
        heap.add(new Event(time, counter++, type, job, stage, executor));
    }

    Event peek() {
        return heap.peek();
    }

    Event pop() {
        return heap.poll();
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }
}
