package org.netllm.testbed.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simulator vs browser on the same traces (matched by trace file name):
 * <ul>
 *   <li>per-chunk download time measured in the browser vs what the trace allows: the chunk enters an
 *       empty FIFO one link delay after its request, drains at the trace's delivery opportunities and
 *       arrives one link delay later (netem's model without TCP; time zero = the trace's start: session creation
 *       with the built-in link, the shell's start under Mahimahi);</li>
 *   <li>per-chunk throughput (bytes·8 / (first byte → last byte)) vs the same ideal;</li>
 *   <li>QoE per algorithm, simulator vs browser, over the traces both ran;</li>
 *   <li>optionally built-in link vs Mahimahi on the same plan ({@link EmulatorComparison}).</li>
 * </ul>
 */
public final class FidelityReport {

    public static final String FIDELITY_MD = "fidelity.md";
    public static final String FIDELITY_HTML = "fidelity.html";

    private final Path repoRoot;
    private final int oneWayDelayMs;

    public FidelityReport(Path repoRoot, int oneWayDelayMs) {
        this.repoRoot = repoRoot;
        this.oneWayDelayMs = oneWayDelayMs;
    }

    /** Per-algorithm comparison line. */
    public record Row(String algorithm, int matchedTraces, double simQoe, double browserQoe, int chunks,
                      double medianDownloadRatio, double p90DownloadRatio, double medianThroughputRatio, double simMeanDelayMs,
                      double browserMeanDownloadMs) {
    }

    /** @param sim simulator results, or null for the browser-vs-trace part only */
    public List<Row> write(ExperimentResults browser, SimResults sim, Path outDir) throws IOException {
        return write(browser, sim, outDir, null);
    }

    /**
     * @param builtin with Mahimahi {@code browser} results: the same plan run with the built-in link, compared in
     *                a section of the report; null for none
     */
    public List<Row> write(ExperimentResults browser, SimResults sim, Path outDir, ExperimentResults builtin) throws IOException {
        Files.createDirectories(outDir);
        Map<String, List<SessionResult>> byAlg = new LinkedHashMap<>();
        browser.ok().forEach(s -> byAlg.computeIfAbsent(s.algorithm(), k -> new ArrayList<>()).add(s));
        Map<String, TraceTimeline> timelines = new LinkedHashMap<>();
        Map<String, double[][]> downloadXy = new LinkedHashMap<>();
        Map<String, double[][]> tputXy = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<SessionResult>> e : byAlg.entrySet()) {
            String alg = e.getKey();
            Map<String, SimResults.SimTrace> simTraces = sim == null ? Map.of() : sim.traces().getOrDefault(alg, Map.of());
            List<Double> expDl = new ArrayList<>();
            List<Double> measDl = new ArrayList<>();
            List<Double> expTp = new ArrayList<>();
            List<Double> measTp = new ArrayList<>();
            double simQ = 0;
            double brQ = 0;
            double simDelay = 0;
            int simChunks = 0;
            int matched = 0;
            for (SessionResult s : e.getValue()) {
                if (s.tracePath() != null) {
                    TraceTimeline tl = timelines.computeIfAbsent(s.tracePath(), p -> TraceTimeline.load(repoRoot.resolve(p)));
                    for (ChunkRow r : s.rows()) {
                        double enqueue = r.requestTimeMs() - s.t0EpochMs() + oneWayDelayMs;
                        double transfer = tl.transferMs(enqueue, r.bytes());
                        expDl.add(transfer + 2.0 * oneWayDelayMs);
                        measDl.add((double) r.downloadMs());
                        if (!Double.isNaN(r.throughputMbps()) && transfer > 0) {
                            expTp.add(r.bytes() * 8.0 / transfer / 1000.0);
                            measTp.add(r.throughputMbps());
                        }
                    }
                }
                SimResults.SimTrace st = simTraces.get(s.trace());
                if (st != null) {
                    matched++;
                    simQ += st.qoe();
                    brQ += s.qoe().qoe();
                    for (SimResults.SimChunk c : st.chunks()) {
                        simDelay += c.delayMs();
                        simChunks++;
                    }
                }
            }
            downloadXy.put(alg, new double[][] {toArray(expDl), toArray(measDl)});
            tputXy.put(alg, new double[][] {toArray(expTp), toArray(measTp)});
            double brDl = measDl.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            rows.add(new Row(alg, matched, matched == 0 ? Double.NaN : simQ / matched, matched == 0 ? Double.NaN : brQ / matched,
                    measDl.size(), ratioQuantile(measDl, expDl, MEDIAN), ratioQuantile(measDl, expDl, P90), ratioQuantile(measTp, expTp, MEDIAN),
                    simChunks == 0 ? Double.NaN : simDelay / simChunks, brDl));
        }
        Charts.scatter("Per-chunk download time: browser vs trace", "trace-ideal (ms)", "measured request→end (ms)", downloadXy,
                outDir.resolve("fidelity_download.png"));
        Charts.scatter("Per-chunk throughput: browser vs trace", "trace-ideal (Mbit/s)", "measured first→last byte (Mbit/s)", tputXy,
                outDir.resolve("fidelity_throughput.png"));
        String md = markdown(browser, sim, rows);
        if (builtin != null) {
            md += EmulatorComparison.markdown(builtin, browser, EmulatorComparison.rows(builtin, browser));
        }
        Files.writeString(outDir.resolve(FIDELITY_MD), md, StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve(FIDELITY_HTML), "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Fidelity</title>"
                + "<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em}</style></head><body>\n<pre>"
                + Fmt.html(md) + "</pre>\n<img src=\"fidelity_download.png\" alt=\"download\">\n"
                + "<img src=\"fidelity_throughput.png\" alt=\"throughput\">\n</body></html>\n", StandardCharsets.UTF_8);
        return rows;
    }

    private String markdown(ExperimentResults browser, SimResults sim, List<Row> rows) {
        StringBuilder sb = new StringBuilder("# Fidelity: simulator vs browser\n\n");
        sb.append("Browser results `").append(browser.dir()).append("` (λ = ").append(browser.lambda()).append("), ");
        sb.append(sim == null ? "no simulator results (--sim not given)." : "simulator `" + sim.file() + "` (λ = " + sim.lambda() + ").");
        if (sim != null && browser.lambda() != sim.lambda()) {
            sb.append(" **λ differs: QoE columns are not comparable.**");
        }
        sb.append("\n\nTrace-ideal download = ").append(oneWayDelayMs).append(" ms uplink + FIFO drain on the trace from the ")
                .append("enqueue time + ").append(oneWayDelayMs).append(" ms downlink (time zero = the trace's start: session creation ")
                .append("with the built-in link, the shell's start under Mahimahi); ")
                .append("ratios are measured ÷ ideal over chunks (median, 90th percentile). Simulator delays include its 80 ms RTT.\n\n");
        sb.append("| algorithm | traces matched | sim QoE | browser QoE | browser chunks | median download ratio | ")
                .append("p90 download ratio | median throughput ratio | sim mean delay ms | browser mean download ms |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.algorithm()).append(" | ").append(r.matchedTraces()).append(" | ").append(Fmt.f(r.simQoe()))
                    .append(" | ").append(Fmt.f(r.browserQoe())).append(" | ").append(r.chunks()).append(" | ")
                    .append(Fmt.f(r.medianDownloadRatio())).append(" | ").append(Fmt.f(r.p90DownloadRatio())).append(" | ")
                    .append(Fmt.f(r.medianThroughputRatio())).append(" | ")
                    .append(Fmt.f(r.simMeanDelayMs())).append(" | ").append(Fmt.f(r.browserMeanDownloadMs())).append(" |\n");
        }
        return sb.toString();
    }

    static final double MEDIAN = 0.5;
    /** The tail shows sessions disturbing each other (parallel runs) better than the median. */
    static final double P90 = 0.9;

    /** Nearest-rank quantile of measured ÷ expected (pairs with expected ≤ 0 skipped); NaN when none. */
    static double ratioQuantile(List<Double> measured, List<Double> expected, double q) {
        double[] ratios = new double[measured.size()];
        int n = 0;
        for (int i = 0; i < measured.size(); i++) {
            if (expected.get(i) > 0) {
                ratios[n++] = measured.get(i) / expected.get(i);
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.copyOf(ratios, n);
        Arrays.sort(s);
        return s[Math.min(n - 1, (int) Math.ceil(q * n) - 1)];
    }

    private static double[] toArray(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
