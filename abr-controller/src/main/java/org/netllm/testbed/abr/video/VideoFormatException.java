package org.netllm.testbed.abr.video;

/** A video description (JSON or size folder) that cannot be used; the message names the file and line/key. */
public final class VideoFormatException extends RuntimeException {

    public VideoFormatException(String message) {
        super(message);
    }

    public VideoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
