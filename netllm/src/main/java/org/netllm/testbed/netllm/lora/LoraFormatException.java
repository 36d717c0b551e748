package org.netllm.testbed.netllm.lora;

import java.io.IOException;

/** A LoRA adapter folder is malformed or does not fit the backbone; the message names file and key. */
public class LoraFormatException extends IOException {
    public LoraFormatException(String message) {
        super(message);
    }
}
