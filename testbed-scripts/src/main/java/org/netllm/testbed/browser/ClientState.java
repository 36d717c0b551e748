package org.netllm.testbed.browser;

/**
 * A snapshot of the page's {@code window.testbed} (protocol.md, player page) taken while polling.
 *
 * @param state  loading | playing | ended | error (null before the page set it up)
 * @param chunks media chunks the client has recorded so far
 * @param error  the page's error text, or null
 */
public record ClientState(String state, int chunks, String error) {

    public static final String ENDED = "ended";
    public static final String ERROR = "error";

    /** Reads the few fields polling needs; the full object is fetched once at the end. */
    static final String POLL_SCRIPT = "const t = window.testbed; if (!t) return null;"
            + " return {state: t.state || null, chunks: (t.chunks || []).length, error: t.error || null};";

    /** The full state as JSON text, written to client.json. */
    static final String DUMP_SCRIPT = "return window.testbed ? JSON.stringify(window.testbed) : null;";
}
