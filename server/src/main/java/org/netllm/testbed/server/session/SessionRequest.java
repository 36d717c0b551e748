package org.netllm.testbed.server.session;

import java.util.Objects;
import org.netllm.testbed.server.config.LinkSpec;

/**
 * A parsed "create session" body (docs/protocol.md §1).
 *
 * @param algorithm registry name
 * @param video     folder name under the content root
 * @param traceId   {@code <tracesRoot>/<set>/<file>} or null (only with link mode none)
 * @param link      link settings (server defaults where the body says nothing)
 * @param label     free text for results, or null
 */
public record SessionRequest(String algorithm, String video, String traceId, LinkSpec link, String label) {

    /** Labels end up in result files and reports; keep them short. */
    public static final int MAX_LABEL_CHARS = 200;

    /** The same request naming the algorithm by the registry's canonical spelling. */
    public SessionRequest withAlgorithm(String name) {
        return new SessionRequest(name, video, traceId, link, label);
    }

    public SessionRequest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(link, "link");
        if (label != null && label.length() > MAX_LABEL_CHARS) {
            throw new IllegalArgumentException("label longer than " + MAX_LABEL_CHARS + " characters");
        }
    }
}
