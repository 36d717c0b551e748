package org.netllm.testbed.cjs.sim;

/** Result of one env step: next observation, reward (−job·ms accrued, §1.9), episode end. */
public record StepResult(Observation observation, double reward, boolean terminated) {
}
