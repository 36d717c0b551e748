package org.netllm.testbed.server.config;

import java.util.Objects;

/**
 * One session's link settings (docs/protocol.md §1 {@code link}).
 *
 * @param mode               builtin trace replay or none
 * @param delayMs            one-way delay in ms (mm-delay 40 → 80 ms RTT, docs/reference/abr.md §8.1)
 * @param decisionsCrossLink true: decision replies also pay the RTT; false (default, GENET docs/reference/abr.md §8.1):
 *                           the ABR server is reached on localhost without shaping
 */
public record LinkSpec(LinkMode mode, int delayMs, boolean decisionsCrossLink) {

    /** mm-delay 40 as in GENET's drivers (docs/reference/abr.md §8.1). */
    public static final int DEFAULT_DELAY_MS = 40;
    /** Upper bound that still makes sense for a one-way delay; larger values are typos. */
    public static final int MAX_DELAY_MS = 10_000;

    public static final LinkSpec DEFAULT = new LinkSpec(LinkMode.BUILTIN, DEFAULT_DELAY_MS, false);

    public LinkSpec {
        Objects.requireNonNull(mode, "mode");
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("link.delayMs must be in 0.." + MAX_DELAY_MS + ", got " + delayMs);
        }
    }

    /** Round trip the decision request pays when it crosses the link. */
    public long decisionRttMs() {
        return decisionsCrossLink ? 2L * delayMs : 0L;
    }
}
