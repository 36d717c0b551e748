package org.netllm.testbed.browser;

/** A browser session that did not reach the end of the video: stall, timeout, page error, crash. */
public final class SessionFailure extends Exception {

    public SessionFailure(String message) {
        super(message);
    }

    public SessionFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
