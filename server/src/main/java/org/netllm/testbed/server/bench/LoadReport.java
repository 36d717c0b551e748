package org.netllm.testbed.server.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Figures of one load run. */
public record LoadReport(List<AlgorithmFigures> algorithms, ThroughputFigures segments) {

    /**
     * @param serverLatencyMs  decisionLatencyMs the server reported, sorted ascending
     * @param algorithmMs      the algorithm's own decide() time the server reported, sorted ascending
     * @param roundTripMs      client-side POST round trips, sorted ascending
     * @param errors           non-2xx replies and transport failures
     * @param wallS            round duration
     */
    public record AlgorithmFigures(String algorithm, int sessions, double[] serverLatencyMs, double[] algorithmMs,
                                   double[] roundTripMs, long errors, double wallS) {

        public double serverP(double p) {
            return percentile(serverLatencyMs, p);
        }

        public double roundTripP(double p) {
            return percentile(roundTripMs, p);
        }
    }

    /** @param bytes bytes received, {@code seconds} phase length, {@code errors} failed fetches */
    public record ThroughputFigures(String path, int fetchers, long bytes, long requests, double seconds, long errors) {
        public double mbPerS() {
            return bytes / 1e6 / seconds;
        }
    }

    /** Nearest-rank percentile of an ascending array; NaN when empty. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    public long totalErrors() {
        long e = segments == null ? 0 : segments.errors();
        for (AlgorithmFigures a : algorithms) {
            e += a.errors();
        }
        return e;
    }

    public void print(PrintStream out) {
        out.println("decision load (server-side latency = body parsed -> decision ready; round trip = client POST)");
        out.printf(Locale.ROOT, "%-12s %8s %9s %10s %10s %10s %10s %11s %11s %7s %9s%n", "algorithm", "sessions", "decisions",
                "srv p50 ms", "srv p99 ms", "srv max ms", "alg p99 ms", "rtt p50 ms", "rtt p99 ms", "errors", "dec/s");
        for (AlgorithmFigures a : algorithms) {
            double[] s = a.serverLatencyMs();
            out.printf(Locale.ROOT, "%-12s %8d %9d %10.3f %10.3f %10.3f %10.4f %11.3f %11.3f %7d %9.0f%n", a.algorithm(),
                    a.sessions(), s.length, a.serverP(50), a.serverP(99), s.length == 0 ? Double.NaN : s[s.length - 1],
                    percentile(a.algorithmMs(), 99),
                    a.roundTripP(50), a.roundTripP(99), a.errors(), s.length / a.wallS());
        }
        if (segments != null) {
            out.printf(Locale.ROOT, "static segments (unshaped, loopback): %s x%d connections: %.1f MB/s, %d requests in %.1f s, %d errors%n",
                    segments.path(), segments.fetchers(), segments.mbPerS(), segments.requests(), segments.seconds(),
                    segments.errors());
        }
        out.println("errors total: " + totalErrors());
    }

    static double[] sorted(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c;
    }
}
