package org.netllm.testbed.abr.netllm.pool;

import java.io.IOException;

/** A pool file that is missing, truncated, inconsistent or not a pool; the message names file and key. */
public final class PoolFormatException extends IOException {
    public PoolFormatException(String message) {
        super(message);
    }
}
