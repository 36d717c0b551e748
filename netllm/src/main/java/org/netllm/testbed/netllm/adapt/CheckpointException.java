package org.netllm.testbed.netllm.adapt;

import java.io.IOException;

/** A NetLLM checkpoint (original or ours) is missing something or has a wrong shape; the message names file and key. */
public class CheckpointException extends IOException {
    public CheckpointException(String message) {
        super(message);
    }
}
