package org.netllm.testbed.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders report.md (aggregate table) and report.html (table + PNG charts, fully offline) and
 * sessions.csv (one line per session) into the results folder.
 */
public final class ReportWriter {

    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";
    public static final String SESSIONS_CSV = "sessions.csv";

    /** Files written, for the CLI to print. */
    public record Written(Path markdown, Path html, List<Path> charts) {
    }

    public Written write(ExperimentResults r, Path outDir, String chosenSessionKey) throws IOException {
        Files.createDirectories(outDir);
        List<AggregateRow> rows = AggregateRow.of(r);
        List<Path> charts = new ArrayList<>();
        Set<String> sets = new LinkedHashSet<>();
        rows.forEach(a -> sets.add(a.traceSet()));
        for (String set : sets) {
            Map<String, List<Double>> qoe = new LinkedHashMap<>();
            for (SessionResult s : r.ok()) {
                if (s.traceSet().equals(set)) {
                    qoe.computeIfAbsent(s.algorithm(), k -> new ArrayList<>()).add(s.qoe().qoe());
                }
            }
            if (qoe.isEmpty()) {
                continue;
            }
            Path cdf = outDir.resolve("qoe_cdf_" + Fmt.slug(set) + ".png");
            Charts.qoeCdf("QoE CDF — " + set, qoe, cdf);
            charts.add(cdf);
            Path bars = outDir.resolve("breakdown_" + Fmt.slug(set) + ".png");
            Charts.breakdown("QoE breakdown — " + set, rows.stream().filter(a -> a.traceSet().equals(set) && a.ok() > 0).toList(), bars);
            charts.add(bars);
        }
        SessionResult chosen = chosen(r, chosenSessionKey);
        if (chosen != null) {
            Path ts = outDir.resolve("timeseries_" + Fmt.slug(chosen.key()) + ".png");
            Charts.timeSeries(chosen, ts);
            charts.add(ts);
        }
        writeSessionsCsv(r, outDir.resolve(SESSIONS_CSV));
        Path md = outDir.resolve(REPORT_MD);
        Files.writeString(md, markdown(r, rows), StandardCharsets.UTF_8);
        Path html = outDir.resolve(REPORT_HTML);
        Files.writeString(html, html(r, rows, charts, outDir), StandardCharsets.UTF_8);
        return new Written(md, html, charts);
    }

    static SessionResult chosen(ExperimentResults r, String key) {
        if (key == null) {
            return r.ok().isEmpty() ? null : r.ok().get(0);
        }
        return r.ok().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--session " + key + ": no complete session with that key in " + r.dir()));
    }

    static String markdown(ExperimentResults r, List<AggregateRow> rows) {
        StringBuilder sb = new StringBuilder("# ABR testbed report\n\n");
        sb.append("Results: `").append(r.dir()).append("`. QoE per session = mean over chunks of bitrate − λ·rebuffer − smoothness, ")
                .append("first chunk excluded (docs/reference/abr.md §4.2); λ = ").append(r.lambda())
                .append(". CI: 95 % two-sided, Student t over sessions.\n\n");
        sb.append(coverage(r)).append("\n");
        sb.append(table(rows));
        if (!r.failed().isEmpty()) {
            sb.append("\n## Failed sessions\n\n| session | attempts | reason |\n|---|---|---|\n");
            for (ExperimentResults.FailedSession f : r.failed()) {
                sb.append("| ").append(f.key()).append(" | ").append(f.attempts()).append(" | ")
                        .append(f.reason() == null ? "" : f.reason().replace("|", "\\|").replace("\n", " ")).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** One paragraph: how much of the plan these numbers cover, and which model each NetLLM name was. */
    static String coverage(ExperimentResults r) {
        if (r.coverage().isEmpty()) {
            return "";
        }
        ExperimentResults.Coverage c = r.coverage().get();
        StringBuilder sb = new StringBuilder();
        if (c.notRun() == 0) {
            sb.append("Coverage: all ").append(c.planned()).append(" planned sessions ran (").append(r.failed().size())
                    .append(" failed after retries).");
        } else {
            sb.append("**Partial experiment:** ").append(c.planned() - c.notRun()).append(" of ").append(c.planned())
                    .append(" planned sessions ran (").append(r.failed().size()).append(" failed after retries); not yet run: ");
            sb.append(String.join(", ", c.notRunByAlgorithm().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
            sb.append(". Re-run the same `./testbed experiment` command to resume. Algorithms compared over different "
                    + "subsets of traces are not directly comparable until coverage is even.");
        }
        if (!c.models().isEmpty()) {
            sb.append(" Models: ").append(String.join(", ", c.models().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> "`" + e.getKey() + "` " + e.getValue().substring(0, Math.min(e.getValue().length(), 19))).toList()))
                    .append(" (SHA-256 of the trained files, plan.json has the full digest).");
        }
        return sb.append("\n").toString();
    }

    static String table(List<AggregateRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| algorithm | trace set | ok | failed | mean QoE | 95% CI | bitrate Mbit/s | rebuffer s/chunk | rebuffer penalty | smoothness Mbit/s |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (AggregateRow a : rows) {
            sb.append("| ").append(a.algorithm()).append(" | ").append(a.traceSet()).append(" | ").append(a.ok())
                    .append(" | ").append(a.failed()).append(" | ").append(Fmt.f(a.qoe().mean())).append(" | ")
                    .append(Fmt.ci(a.qoe())).append(" | ").append(Fmt.f(a.bitrateMbps())).append(" | ")
                    .append(Fmt.f(a.rebufferS())).append(" | ").append(Fmt.f(a.rebufferPenalty())).append(" | ")
                    .append(Fmt.f(a.smoothnessMbps())).append(" |\n");
        }
        return sb.toString();
    }

    private static String html(ExperimentResults r, List<AggregateRow> rows, List<Path> charts, Path outDir) {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>ABR testbed report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #999;padding:4px 8px;text-align:right}th{background:#eee}img{max-width:100%}</style>")
                .append("</head><body>\n<h1>ABR testbed report</h1>\n<p>Results: <code>").append(Fmt.html(r.dir().toString()))
                .append("</code>. QoE per session = per-chunk mean of bitrate − λ·rebuffer − smoothness, first chunk excluded ")
                .append("(docs/reference/abr.md §4.2); λ = ").append(r.lambda()).append(". CI: 95 %, Student t over sessions.</p>\n");
        String cov = coverage(r);
        if (!cov.isEmpty()) {
            sb.append("<p>").append(Fmt.html(cov.strip()).replace("**", "")).append("</p>\n");
        }
        sb.append("<table>\n<tr>");
        for (String h : List.of("algorithm", "trace set", "ok", "failed", "mean QoE", "95% CI", "bitrate Mbit/s",
                "rebuffer s/chunk", "rebuffer penalty", "smoothness Mbit/s")) {
            sb.append("<th>").append(h).append("</th>");
        }
        sb.append("</tr>\n");
        for (AggregateRow a : rows) {
            sb.append("<tr><td>").append(Fmt.html(a.algorithm())).append("</td><td>").append(Fmt.html(a.traceSet()))
                    .append("</td><td>").append(a.ok()).append("</td><td>").append(a.failed()).append("</td><td>")
                    .append(Fmt.f(a.qoe().mean())).append("</td><td>").append(Fmt.ci(a.qoe())).append("</td><td>")
                    .append(Fmt.f(a.bitrateMbps())).append("</td><td>").append(Fmt.f(a.rebufferS())).append("</td><td>")
                    .append(Fmt.f(a.rebufferPenalty())).append("</td><td>").append(Fmt.f(a.smoothnessMbps())).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        if (!r.failed().isEmpty()) {
            sb.append("<h2>Failed sessions</h2>\n<ul>\n");
            for (ExperimentResults.FailedSession f : r.failed()) {
                sb.append("<li><code>").append(Fmt.html(f.key())).append("</code> after ").append(f.attempts()).append(" attempts: ")
                        .append(Fmt.html(String.valueOf(f.reason()))).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        for (Path c : charts) {
            sb.append("<h2>").append(Fmt.html(c.getFileName().toString())).append("</h2>\n<img src=\"")
                    .append(Fmt.html(outDir.relativize(c).toString())).append("\" alt=\"").append(Fmt.html(c.getFileName().toString()))
                    .append("\">\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    static void writeSessionsCsv(ExperimentResults r, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("key,algorithm,trace_set,trace,chunks_scored,qoe,bitrate_mbps,rebuffer_s,rebuffer_penalty,smoothness_mbps,lambda\n");
        for (SessionResult s : r.ok()) {
            SessionQoe q = s.qoe();
            sb.append(s.key()).append(',').append(s.algorithm()).append(',').append(s.traceSet()).append(',').append(s.trace())
                    .append(',').append(q.chunks()).append(',').append(q.qoe()).append(',').append(q.bitrateMbps()).append(',')
                    .append(q.rebufferS()).append(',').append(q.rebufferPenalty()).append(',').append(q.smoothnessMbps())
                    .append(',').append(q.lambda()).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }
}
