package org.netllm.testbed.serverbench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Figures of one load run. */
public record LoadReport(LoadSettings.Pacing pacing, List<AlgorithmFigures> algorithms, ThroughputFigures segments) {

    /**
     * @param serverLatencyMs  decisionLatencyMs the server reported (body received → decision ready), ascending
     * @param queueMs          of which waiting for the session's worker (body received → worker starts), ascending
     * @param algorithmMs      of which the algorithm's own decide() call, ascending
     * @param computeMs        of which its computation on its own threads (the rest: hand-offs), ascending
     * @param roundTripMs      client-observed POST round trips, ascending
     * @param errors           non-2xx replies, unreadable replies and transport failures
     * @param errorSamples     the first few errors, verbatim
     * @param wallS            first report sent → last reply received
     */
    public record AlgorithmFigures(String algorithm, int sessions, double[] serverLatencyMs, double[] queueMs,
                                   double[] algorithmMs, double[] computeMs, double[] roundTripMs, long errors, List<String> errorSamples,
                                   double wallS) {

        public double serverP(double p) {
            return percentile(serverLatencyMs, p);
        }

        public double roundTripP(double p) {
            return percentile(roundTripMs, p);
        }

        public double decisionsPerS() {
            return wallS > 0 ? serverLatencyMs.length / wallS : Double.NaN;
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

    private static double max(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    public long totalErrors() {
        long e = segments == null ? 0 : segments.errors();
        for (AlgorithmFigures a : algorithms) {
            e += a.errors();
        }
        return e;
    }

    public void print(PrintStream out) {
        out.println("decision load, " + pacing.describe());
        out.println("  srv = server-side latency (request body received -> decision ready), queue = of which waiting for"
                + " the worker, alg = of which decide(), cmp = of which computed on the algorithm's own thread (the rest"
                + " of alg is the hand-off there and back); rtt = client-observed POST round trip");
        out.printf(Locale.ROOT, "%-11s %5s %6s %8s %8s %8s %9s %8s %8s %8s %8s %8s %8s %8s %6s %7s%n", "algorithm", "sess",
                "decs", "srv p50", "srv p99", "srv max", "queue p99", "alg p50", "alg p99", "cmp p50", "cmp p99",
                "rtt p50", "rtt p99",
                "rtt max", "errors", "dec/s");
        for (AlgorithmFigures a : algorithms) {
            out.printf(Locale.ROOT, "%-11s %5d %6d %8.3f %8.3f %8.3f %9.3f %8.4f %8.4f %8.4f %8.4f %8.3f %8.3f %8.3f %6d %7.0f%n",
                    a.algorithm(), a.sessions(), a.serverLatencyMs().length, a.serverP(50), a.serverP(99),
                    max(a.serverLatencyMs()), percentile(a.queueMs(), 99), percentile(a.algorithmMs(), 50),
                    percentile(a.algorithmMs(), 99), percentile(a.computeMs(), 50), percentile(a.computeMs(), 99),
                    a.roundTripP(50), a.roundTripP(99), max(a.roundTripMs()), a.errors(), a.decisionsPerS());
            for (String e : a.errorSamples()) {
                out.println("  error: " + e);
            }
        }
        if (segments != null) {
            out.printf(Locale.ROOT, "static segments (unshaped, loopback): %s x%d connections: %.1f MB/s, %d requests"
                    + " in %.1f s, %d errors%n", segments.path(), segments.fetchers(), segments.mbPerS(),
                    segments.requests(), segments.seconds(), segments.errors());
        }
        out.println("errors total: " + totalErrors());
    }
}
