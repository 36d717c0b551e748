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

    /** How often the page re-checks its state while the runner waits on {@link #AWAIT_SCRIPT}, ms. */
    static final int PAGE_CHECK_MS = 50;

    /**
     * Asynchronous poll (WebDriver executeAsyncScript, argument 0 = longest wait in ms): returns the fields polling
     * needs as soon as the page is {@code ended} or {@code error}, else after the wait. The runner learns of the end
     * within {@value #PAGE_CHECK_MS} ms instead of up to a whole poll interval later, with no more WebDriver
     * round trips than a plain poll every interval.
     */
    static final String AWAIT_SCRIPT = "const done = arguments[arguments.length - 1]; const until = Date.now() + arguments[0];"
            + " const snap = () => { const t = window.testbed; if (!t) return null;"
            + " const v = document.querySelector('video'); let media = null;"
            + " if (v) { const b = []; for (let i = 0; i < v.buffered.length; i++) {"
            + " b.push(v.buffered.start(i).toFixed(2) + '-' + v.buffered.end(i).toFixed(2)); }"
            + " media = 't=' + v.currentTime.toFixed(2) + 's ready=' + v.readyState + ' paused=' + v.paused"
            + " + ' buffered=[' + b.join(',') + ']'; }"
            + " return {state: t.state || null, chunks: (t.chunks || []).length, error: t.error || null, media: media}; };"
            + " const check = () => { const t = window.testbed;"
            + " if ((t && (t.state === '" + ENDED + "' || t.state === '" + ERROR + "')) || Date.now() >= until) { done(snap()); }"
            + " else { setTimeout(check, " + PAGE_CHECK_MS + "); } };"
            + " check();";

    /** The full state as JSON text, written to client.json. */
    static final String DUMP_SCRIPT = "return window.testbed ? JSON.stringify(window.testbed) : null;";
}
