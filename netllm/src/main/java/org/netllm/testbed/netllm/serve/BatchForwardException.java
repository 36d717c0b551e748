package org.netllm.testbed.netllm.serve;

/** A decision's backbone forward failed (its batch failed, or the executor closed before it ran). */
public final class BatchForwardException extends RuntimeException {

    public BatchForwardException(String message, Throwable cause) {
        super(message, cause);
    }

    public BatchForwardException(String message) {
        super(message);
    }
}
