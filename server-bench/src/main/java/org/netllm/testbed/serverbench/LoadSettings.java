package org.netllm.testbed.serverbench;

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
 * @param pacing         paced players (think time between reports) or closed-loop saturation
 * @param segmentPath    unshaped segment fetched in the throughput phase, e.g. /content/envivio/5/1.m4s;
 *                       null = no throughput phase
 * @param segmentSeconds length of the throughput phase (0 = none)
 * @param fetchers       concurrent connections in the throughput phase
 */
public record LoadSettings(String baseUrl, String video, List<String> algorithms, int sessions, int chunks,
                           Pacing pacing, String segmentPath, double segmentSeconds, int fetchers) {

    public LoadSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(pacing, "pacing");
        algorithms = List.copyOf(algorithms);
        if (algorithms.isEmpty() || sessions <= 0 || chunks <= 0 || fetchers <= 0 || !(segmentSeconds >= 0)) {
            throw new IllegalArgumentException("load settings need >= 1 algorithm, session, chunk and fetcher and a"
                    + " throughput phase >= 0 s, got " + algorithms + " / " + sessions + " / " + chunks + " / "
                    + fetchers + " / " + segmentSeconds);
        }
    }

    /** A closed-loop round of the same sessions and algorithms (JIT warm-up), no throughput phase. */
    public LoadSettings warmUp() {
        return new LoadSettings(baseUrl, video, algorithms, sessions, chunks, Pacing.closedLoopSaturation(), null, 0,
                fetchers);
    }

    public boolean hasThroughputPhase() {
        return segmentPath != null && segmentSeconds > 0;
    }

    /**
     * How each synthetic player spaces its reports.
     *
     * @param intervalMs think time between a reply and the next report (paced mode); ignored when closed-loop
     * @param closedLoop post the next report as soon as the reply arrives (saturation: max decisions/s)
     */
    public record Pacing(long intervalMs, boolean closedLoop) {

        public Pacing {
            if (!closedLoop && intervalMs <= 0) {
                throw new IllegalArgumentException("paced load needs an interval > 0 ms, got " + intervalMs);
            }
        }

        public static Pacing paced(long intervalMs) {
            return new Pacing(intervalMs, false);
        }

        public static Pacing closedLoopSaturation() {
            return new Pacing(0, true);
        }

        public String describe() {
            return closedLoop ? "closed loop (next report as soon as the reply arrives: saturation)"
                    : "paced (each session reports a chunk " + intervalMs + " ms after the previous reply)";
        }
    }
}
