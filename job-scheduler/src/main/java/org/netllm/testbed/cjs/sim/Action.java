package org.netllm.testbed.cjs.sim;

/**
 * A raw env action (docs/reference/cjs.md §3.3): {@code stageIdx} is the rank among schedulable
 * nodes, or −1 for "schedule nothing"; {@code numExec} is in 1..N and at most the committable
 * count (the env then truncates it to the stage's demand).
 */
public record Action(int stageIdx, int numExec) {

    public static final int NONE = -1;
}
