package org.netllm.testbed.server.session;

import org.netllm.testbed.server.log.QoeSummary;

/**
 * A session's settings and summary: the body of GET /api/sessions/&lt;id&gt;, of the /end reply and
 * of {@code session.json} (docs/protocol.md §3).
 */
public record SessionView(
        String id,
        String state,
        String algorithm,
        String video,
        String trace,
        String label,
        LinkView link,
        int initialQuality,
        int totalChunks,
        int chunks,
        QoeSummary qoe,
        long createdAtMs,
        Long endedAtMs,
        String reason,
        String detail,
        long seed,
        boolean sampling) {

    /** The link as configured plus the emulator's own description. */
    public record LinkView(String mode, int delayMs, boolean decisionsCrossLink, String emulator) {
    }
}
