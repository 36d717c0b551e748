package org.netllm.testbed.cjs.netllm;

import org.netllm.testbed.cjs.sim.Observation;

/**
 * One experience-pool record (docs/reference/cjs.md §5.5): the raw observation at a decision point, the
 * behaviour policy's action in neural units (stage_idx among schedulable stages, k = executors − 1), the raw env
 * reward of the step that followed, and whether the episode ended there.
 */
public record Transition(Observation observation, int stageIdx, int execK, double reward, boolean done) {
}
