package org.netllm.testbed.server.error;

/**
 * A request the server refuses, with the HTTP status to answer and a message that names the field
 * or resource at fault. Rendered as {@code {"error": message}} (protocol.md: never a 500 for bad input).
 */
public final class RequestException extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    public static final int PAYLOAD_TOO_LARGE = 413;
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    public static final int RANGE_NOT_SATISFIABLE = 416;

    private final int status;

    public RequestException(int status, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("request errors are 4xx, got " + status);
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
}
