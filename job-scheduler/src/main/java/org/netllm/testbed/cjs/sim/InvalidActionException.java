package org.netllm.testbed.cjs.sim;

/** An action the env would reject with an assertion (docs/reference/cjs.md §3.3). */
public final class InvalidActionException extends IllegalArgumentException {

    public InvalidActionException(String message) {
        super(message);
    }
}
