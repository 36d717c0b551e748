package org.netllm.testbed.netllm.backbone;

import java.io.IOException;

/** A checkpoint's config.json is unreadable or describes a model this backbone does not implement. */
public class LlamaConfigException extends IOException {
    public LlamaConfigException(String message) {
        super(message);
    }
}
