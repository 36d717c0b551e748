package org.netllm.testbed.vp.service;

/**
 * A VP request the service refuses. {@code field} is the JSON path of the offending field
 * (e.g. {@code history[3].pitch}); {@code kind} tells the HTTP layer which 4xx/5xx to answer.
 */
public final class VpRequestException extends RuntimeException {

    /** Why the request was refused; the HTTP status each maps to is in docs/reference/vp.md §5. */
    public enum Kind {
        /** malformed or out-of-range field: 400 */
        INVALID(400),
        /** fewer resampled samples than historyWindow: 422 (docs/reference/vp.md §5.1) */
        INSUFFICIENT_HISTORY(422),
        /** more points than the service accepts: 413 */
        TOO_LARGE(413),
        /** the method exists but no model is deployed for it: 503 */
        UNAVAILABLE(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;
    private final String field;

    public VpRequestException(Kind kind, String field, String message) {
        super(field + ": " + message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
