package org.netllm.testbed.server.bench;

import java.util.List;
import java.util.Objects;

/**
 * What the load generator does.
 *
 * @param baseUrl        server origin, e.g. http://127.0.0.1:8080
 * @param video          video to create sessions for
 * @param algorithms     one round of {@code sessions} concurrent sessions per algorithm
 * @param sessions       concurrent synthetic sessions per round
 * @param chunks         decisions per session (capped at the video's chunk count)
 * @param segmentPath    unshaped segment fetched in the throughput phase, e.g. /content/envivio/5/1.m4s
 * @param segmentSeconds length of the throughput phase
 * @param fetchers       concurrent connections in the throughput phase
 */
public record LoadSettings(String baseUrl, String video, List<String> algorithms, int sessions, int chunks,
                           String segmentPath, double segmentSeconds, int fetchers) {

    public LoadSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(video, "video");
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty() || sessions <= 0 || chunks <= 0 || fetchers <= 0 || !(segmentSeconds >= 0)) {
            throw new IllegalArgumentException("load settings need >= 1 algorithm, session, chunk and fetcher, got "
                    + algorithms + " / " + sessions + " / " + chunks + " / " + fetchers);
        }
    }
}
