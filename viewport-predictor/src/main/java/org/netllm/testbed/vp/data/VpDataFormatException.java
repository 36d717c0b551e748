package org.netllm.testbed.vp.data;

/** A viewport data file (packed or upstream CSV) or the splits file is malformed; the message names file and line. */
public final class VpDataFormatException extends RuntimeException {
    public VpDataFormatException(String message) {
        super(message);
    }

    public VpDataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
