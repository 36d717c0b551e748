package org.netllm.testbed.browser;

/**
 * A snapshot of the page's {@code window.testbed} (docs/protocol.md, player page) taken while polling.
 *
 * @param state  loading | playing | ended | error (null before the page set it up)
 * @param chunks media chunks the client has recorded so far
 * @param error  the page's error text, or null
 * @param media  the video element's playhead, readiness and buffered ranges, e.g.
 *               {@code "t=183.20s ready=2 paused=false buffered=[0.00-196.00]"} (stall diagnostics), or null
 */
public record ClientState(String state, int chunks, String error, String media) {

    public static final String ENDED = "ended";
    public static final String ERROR = "error";

    /** Reads the few fields polling needs; the full object is fetched once at the end. */
    static final String POLL_SCRIPT = "const t = window.testbed; if (!t) return null;"
            + " const v = document.querySelector('video'); let media = null;"
            + " if (v) { const b = []; for (let i = 0; i < v.buffered.length; i++) {"
            + " b.push(v.buffered.start(i).toFixed(2) + '-' + v.buffered.end(i).toFixed(2)); }"
            + " media = 't=' + v.currentTime.toFixed(2) + 's ready=' + v.readyState + ' paused=' + v.paused"
            + " + ' buffered=[' + b.join(',') + ']'; }"
            + " return {state: t.state || null, chunks: (t.chunks || []).length, error: t.error || null, media: media};";

    /** The full state as JSON text, written to client.json. */
    static final String DUMP_SCRIPT = "return window.testbed ? JSON.stringify(window.testbed) : null;";
}
