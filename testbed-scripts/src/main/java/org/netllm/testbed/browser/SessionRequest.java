package org.netllm.testbed.browser;

import java.util.Objects;

/**
 * One browser session to play.
 *
 * @param algorithm registry name
 * @param video     video id under the server's content root
 * @param trace     trace path relative to the repository root, or null for an unshaped link
 * @param lambda    λ recorded with the QoE (docs/reference/abr.md §4.2)
 * @param linkMode  "builtin" (server shapes) or "none" (browser already behind mm-link)
 * @param delayMs   one-way link delay (mm-delay 40 → 80 ms RTT, docs/reference/abr.md §8.1)
 * @param label     free text stored with the session
 */
public record SessionRequest(String algorithm, String video, String trace, double lambda, String linkMode, int delayMs,
                             String label) {

    /** GENET's `mm-delay 40` (docs/reference/abr.md §8.1). */
    public static final int DEFAULT_DELAY_MS = 40;
    public static final String LINK_BUILTIN = "builtin";
    public static final String LINK_NONE = "none";

    public SessionRequest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(linkMode, "linkMode");
        if (!LINK_BUILTIN.equals(linkMode) && !LINK_NONE.equals(linkMode)) {
            throw new IllegalArgumentException("link mode must be builtin or none, got " + linkMode);
        }
        if (LINK_BUILTIN.equals(linkMode) && trace == null) {
            throw new IllegalArgumentException("the builtin link needs a trace");
        }
        if (delayMs < 0) {
            throw new IllegalArgumentException("link delay must be >= 0 ms, got " + delayMs);
        }
    }
}
