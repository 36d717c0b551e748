package org.netllm.testbed.browser;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock marks (epoch ms) of one session attempt's serial steps, in the order they happened, recorded
 * in run.json as {@code "timings"}: where a slot's time goes besides the video itself (browser start, page
 * load, end detection, browser quit, result writing). The player's own marks (first chunk, end of playback)
 * are in client.json and console.jsonl on the same clock.
 */
final class SessionTimings {

    /** run.json field holding the marks. */
    static final String FIELD = "timings";

    private final Map<String, Long> marks = new LinkedHashMap<>();
    private final String slot;

    /** Starts the record with the mark {@code "start"} and the name of the thread (the runner's slot) it runs on. */
    SessionTimings() {
        this.slot = Thread.currentThread().getName();
        mark("start");
    }

    /** Records {@code step} at the current time; a step marked twice keeps its first time. */
    void mark(String step) {
        marks.putIfAbsent(step, System.currentTimeMillis());
    }

    void writeTo(ObjectNode run) {
        ObjectNode t = run.putObject(FIELD);
        t.put("slot", slot);
        marks.forEach(t::put);
    }
}
