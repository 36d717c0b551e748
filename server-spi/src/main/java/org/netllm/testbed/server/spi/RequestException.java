package org.netllm.testbed.server.spi;

/**
 * A request the server refuses, with the HTTP status to answer and a message that names the field
 * or resource at fault. Rendered as {@code {"error": message}} (docs/protocol.md: never a 500 for bad input),
 * logged as at most one bounded line. 4xx for the client's fault; 503 for a refusal under load (too many
 * sessions, a full queue), which is not a server bug either.
 */
public final class RequestException extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    public static final int PAYLOAD_TOO_LARGE = 413;
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    public static final int RANGE_NOT_SATISFIABLE = 416;
    public static final int TOO_MANY_REQUESTS = 429;
    public static final int SERVICE_UNAVAILABLE = 503;

    private final int status;

    public RequestException(int status, String message) {
        super(message);
        if ((status < 400 || status > 499) && status != SERVICE_UNAVAILABLE) {
            throw new IllegalArgumentException("request errors are 4xx or 503, got " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static RequestException badRequest(String message) {
        return new RequestException(BAD_REQUEST, message);
    }

    public static RequestException notFound(String message) {
        return new RequestException(NOT_FOUND, message);
    }

    public static RequestException conflict(String message) {
        return new RequestException(CONFLICT, message);
    }

    public static RequestException unavailable(String message) {
        return new RequestException(SERVICE_UNAVAILABLE, message);
    }

    /** Refusals are expected events: no stack trace to fill (a flood of bad requests stays cheap). */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
