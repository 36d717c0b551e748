package org.netllm.testbed.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Built-in link vs real Mahimahi on the same plan (same traces, algorithms, video): sessions are paired by
 * experiment key, and per algorithm the report compares time to first byte (request → first response byte,
 * one RTT plus queueing), per-chunk download time (request → last byte) and session QoE. The goal of
 * issue 12: median per-chunk download time within 10 % (ratio Mahimahi ÷ built-in in 0.9..1.1).
 */
public final class EmulatorComparison {

    /** The goal band for the median download-time ratio. */
    public static final double GOAL_LOW = 0.9;
    public static final double GOAL_HIGH = 1.1;

    /** One algorithm's paired figures; {@code a} = built-in, {@code b} = Mahimahi. */
    public record Row(String algorithm, int pairs, int chunks, double medianTtfbA, double medianTtfbB, double medianDownloadA,
                      double medianDownloadB, double medianPairedDownloadRatio, double meanQoeA, double meanQoeB) {
    }

    private EmulatorComparison() {
    }

    /** Rows per algorithm over the sessions both result sets finished (chunk i paired with chunk i). */
    public static List<Row> rows(ExperimentResults builtin, ExperimentResults mahimahi) {
        Map<String, SessionResult> bByKey = new LinkedHashMap<>();
        mahimahi.ok().forEach(s -> bByKey.put(s.key(), s));
        Map<String, List<SessionResult[]>> byAlg = new TreeMap<>();
        for (SessionResult a : builtin.ok()) {
            SessionResult b = bByKey.get(a.key());
            if (b != null) {
                byAlg.computeIfAbsent(a.algorithm(), k -> new ArrayList<>()).add(new SessionResult[] {a, b});
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<SessionResult[]>> e : byAlg.entrySet()) {
            List<Double> ttfbA = new ArrayList<>();
            List<Double> ttfbB = new ArrayList<>();
            List<Double> dlA = new ArrayList<>();
            List<Double> dlB = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            double qA = 0;
            double qB = 0;
            for (SessionResult[] p : e.getValue()) {
                p[0].rows().forEach(r -> {
                    ttfbA.add((double) (r.firstByteTimeMs() - r.requestTimeMs()));
                    dlA.add((double) r.downloadMs());
                });
                p[1].rows().forEach(r -> {
                    ttfbB.add((double) (r.firstByteTimeMs() - r.requestTimeMs()));
                    dlB.add((double) r.downloadMs());
                });
                int n = Math.min(p[0].rows().size(), p[1].rows().size());
                for (int i = 0; i < n; i++) {
                    double a = p[0].rows().get(i).downloadMs();
                    if (a > 0) {
                        ratio.add(p[1].rows().get(i).downloadMs() / a);
                    }
                }
                qA += p[0].qoe().qoe();
                qB += p[1].qoe().qoe();
            }
            int pairs = e.getValue().size();
            rows.add(new Row(e.getKey(), pairs, dlB.size(), median(ttfbA), median(ttfbB), median(dlA), median(dlB), median(ratio),
                    qA / pairs, qB / pairs));
        }
        return rows;
    }

    /** The markdown section of the fidelity report. */
    public static String markdown(ExperimentResults builtin, ExperimentResults mahimahi, List<Row> rows) {
        StringBuilder sb = new StringBuilder("\n## Built-in link vs Mahimahi\n\n");
        sb.append("Built-in `").append(builtin.dir()).append("`, Mahimahi `").append(mahimahi.dir()).append("`; sessions paired by ")
                .append("key (same algorithm, trace, repeat). TTFB = request → first byte; download = request → last byte; ")
                .append("paired ratio = median over chunks of Mahimahi ÷ built-in for the same chunk of the same session ")
                .append("(goal: median download within 10 %).\n\n");
        sb.append("| algorithm | pairs | chunks | median TTFB built-in ms | median TTFB Mahimahi ms | median download built-in ms | ")
                .append("median download Mahimahi ms | paired download ratio | mean QoE built-in | mean QoE Mahimahi |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.algorithm()).append(" | ").append(r.pairs()).append(" | ").append(r.chunks()).append(" | ")
                    .append(Fmt.f(r.medianTtfbA())).append(" | ").append(Fmt.f(r.medianTtfbB())).append(" | ")
                    .append(Fmt.f(r.medianDownloadA())).append(" | ").append(Fmt.f(r.medianDownloadB())).append(" | ")
                    .append(Fmt.f(r.medianPairedDownloadRatio())).append(" | ").append(Fmt.f(r.meanQoeA())).append(" | ")
                    .append(Fmt.f(r.meanQoeB())).append(" |\n");
        }
        return sb.toString();
    }

    /** Lower median (nearest rank); NaN when empty. */
    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] s = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }
}
