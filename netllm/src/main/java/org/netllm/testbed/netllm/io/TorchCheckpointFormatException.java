package org.netllm.testbed.netllm.io;

import java.io.IOException;

/** A PyTorch zip-pickle checkpoint is malformed or holds something we do not read; the message names file and key. */
public class TorchCheckpointFormatException extends IOException {
    public TorchCheckpointFormatException(String message) {
        super(message);
    }

    public TorchCheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
