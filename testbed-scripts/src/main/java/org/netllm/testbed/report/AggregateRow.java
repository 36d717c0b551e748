package org.netllm.testbed.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of the report table: algorithm × trace set. Means are over sessions of the per-session
 * per-chunk means (docs/reference/abr.md §4.2: with equal-length sessions this equals the pooled chunk mean).
 */
public record AggregateRow(String algorithm, String traceSet, int ok, int failed, Stats.MeanCi qoe,
                           double bitrateMbps, double rebufferS, double rebufferPenalty, double smoothnessMbps) {

    /** Groups sessions (and failures) by algorithm and trace set, in first-seen order. */
    public static List<AggregateRow> of(ExperimentResults r) {
        Map<String, List<SessionResult>> groups = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (SessionResult s : r.ok()) {
            groups.computeIfAbsent(s.algorithm() + "\t" + s.traceSet(), k -> new ArrayList<>()).add(s);
        }
        for (ExperimentResults.FailedSession f : r.failed()) {
            String k = f.algorithm() + "\t" + f.traceSet();
            groups.computeIfAbsent(k, x -> new ArrayList<>());
            failures.merge(k, 1, Integer::sum);
        }
        List<AggregateRow> rows = new ArrayList<>();
        for (Map.Entry<String, List<SessionResult>> e : groups.entrySet()) {
            String[] k = e.getKey().split("\t");
            List<SessionResult> ss = e.getValue();
            rows.add(new AggregateRow(k[0], k[1], ss.size(), failures.getOrDefault(e.getKey(), 0),
                    Stats.meanCi(ss.stream().map(s -> s.qoe().qoe()).toList()),
                    mean(ss, s -> s.qoe().bitrateMbps()), mean(ss, s -> s.qoe().rebufferS()),
                    mean(ss, s -> s.qoe().rebufferPenalty()), mean(ss, s -> s.qoe().smoothnessMbps())));
        }
        return rows;
    }

    private static double mean(List<SessionResult> ss, java.util.function.ToDoubleFunction<SessionResult> f) {
        return ss.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
