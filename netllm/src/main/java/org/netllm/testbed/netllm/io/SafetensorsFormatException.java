package org.netllm.testbed.netllm.io;

import java.io.IOException;

/** A safetensors file (or a checkpoint built from them) is malformed; the message names file and tensor. */
public class SafetensorsFormatException extends IOException {
    public SafetensorsFormatException(String message) {
        super(message);
    }
}
