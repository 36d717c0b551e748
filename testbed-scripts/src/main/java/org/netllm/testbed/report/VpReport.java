package org.netllm.testbed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.netllm.testbed.vp.eval.EvaluationFiles;

/**
 * Renders a {@code ./testbed vp evaluate} output (viewport-predictor/README.md "Commands"): a table per method of
 * MAE overall and per axis with the endpoint latency p50/p99 (from {@code summary.<method>} of the JSON), and one
 * CDF of the per-sample MAE per method (from the sibling {@code .samples.csv}), as {@code vp-report.md} and
 * {@code vp-report.html} next to the JSON.
 */
public final class VpReport {

    public static final String MD = "vp-report.md";
    public static final String HTML = "vp-report.html";
    public static final String CDF_PNG = "vp-error-cdf.png";
    /** Column of the per-sample MAE in the samples file (EvaluationFiles.SAMPLES_HEADER). */
    private static final String MAE_COLUMN = "mae_deg";
    private static final String METHOD_COLUMN = "method";

    public record Written(Path markdown, Path html, List<Path> charts) {
    }

    /** One line of the table, as the JSON's {@code summary.<method>} holds it. */
    public record MethodRow(String method, int samples, double maeDeg, double rollDeg, double pitchDeg, double yawDeg,
                            double latencyP50Ms, double latencyP99Ms) {
    }

    /** The evaluation's settings and one row per method, in the JSON's order. */
    public record Evaluation(String dataset, String split, int hw, int pw, String endpoint, List<MethodRow> rows) {
    }

    /**
     * @param json   the evaluate output; its samples file is the sibling {@code <stem>.samples.csv}
     * @param outDir where the report goes (created)
     */
    public Written write(Path json, Path outDir) throws IOException {
        Evaluation eval = read(json);
        Map<String, List<Double>> errors = sampleErrors(EvaluationFiles.samplesFile(json), eval);
        Files.createDirectories(outDir);
        Path cdf = outDir.resolve(CDF_PNG);
        Charts.cdf("Per-sample MAE, " + eval.dataset() + " " + eval.split() + ", hw " + eval.hw() + " / pw " + eval.pw(),
                "per-sample MAE (degrees)", errors, cdf);
        Path md = outDir.resolve(MD);
        Files.writeString(md, markdown(json, eval), StandardCharsets.UTF_8);
        Path html = outDir.resolve(HTML);
        Files.writeString(html, html(json, eval), StandardCharsets.UTF_8);
        return new Written(md, html, List.of(cdf));
    }

    /** Parses the summary; a file that is not an evaluate output is refused naming what is missing. */
    public static Evaluation read(Path json) throws IOException {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(json.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(json.getFileName() + ": not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode summary = doc == null ? null : doc.get("summary");
        if (summary == null || !summary.isObject() || summary.isEmpty()) {
            throw new IllegalArgumentException(json.getFileName() + ": not a ./testbed vp evaluate output (no \"summary\" object)");
        }
        List<MethodRow> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            String at = "summary." + e.getKey();
            rows.add(new MethodRow(e.getKey(), number(s, "samples", at).intValue(), number(s, "mae_deg", at),
                    number(s, "roll_mae_deg", at), number(s, "pitch_mae_deg", at), number(s, "yaw_mae_deg", at),
                    number(s.path("latency_ms"), "p50", at + ".latency_ms"), number(s.path("latency_ms"), "p99", at + ".latency_ms")));
        }
        return new Evaluation(doc.path("dataset").asText("?"), doc.path("split").asText("?"), doc.path("hw").asInt(),
                doc.path("pw").asInt(), doc.path("endpoint").asText("?"), rows);
    }

    private static Double number(JsonNode parent, String field, String at) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(at + "." + field + ": missing or not a number");
        }
        return n.asDouble();
    }

    /** Per-sample MAE by method; the counts must match the summary's, so a cut or foreign file is caught. */
    static Map<String, List<Double>> sampleErrors(Path csv, Evaluation eval) throws IOException {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (MethodRow r : eval.rows()) {
            out.put(r.method(), new ArrayList<>(r.samples()));
        }
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!EvaluationFiles.SAMPLES_HEADER.equals(header)) {
                throw new IllegalArgumentException(csv.getFileName() + ": header is not \"" + EvaluationFiles.SAMPLES_HEADER + "\"");
            }
            List<String> cols = List.of(header.split(","));
            int methodAt = cols.indexOf(METHOD_COLUMN);
            int maeAt = cols.indexOf(MAE_COLUMN);
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] f = line.split(",");
                if (f.length != cols.size()) {
                    throw new IllegalArgumentException(csv.getFileName() + " line " + lineNo + ": " + f.length + " fields, expected " + cols.size());
                }
                List<Double> xs = out.get(f[methodAt]);
                if (xs == null) {
                    throw new IllegalArgumentException(csv.getFileName() + " line " + lineNo + ": method \"" + f[methodAt]
                            + "\" is not in the summary");
                }
                try {
                    xs.add(Double.parseDouble(f[maeAt]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(csv.getFileName() + " line " + lineNo + ": mae_deg is not a number", e);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the per-sample file " + csv.getFileName() + " is missing next to the JSON", e);
        }
        for (MethodRow r : eval.rows()) {
            int n = out.get(r.method()).size();
            if (n != r.samples()) {
                throw new IllegalArgumentException(csv.getFileName() + ": " + n + " lines for " + r.method() + ", the summary says "
                        + r.samples() + " samples");
            }
        }
        return out;
    }

    private static String settings(Evaluation e) {
        return e.dataset() + " " + e.split() + " split, hw " + e.hw() + " / pw " + e.pw() + " (5 Hz samples), endpoint "
                + e.endpoint();
    }

    private static String markdown(Path json, Evaluation e) {
        StringBuilder md = new StringBuilder("# VP results\n\nSource: `" + json.getFileName() + "` (" + settings(e) + ")\n\n");
        md.append("MAE in degrees (docs/reference/vp.md §2); latency is the endpoint round trip per request.\n\n");
        md.append("| method | samples | MAE | roll | pitch | yaw | latency p50 (ms) | latency p99 (ms) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (MethodRow r : e.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", r.method(), r.samples(),
                    r.maeDeg(), r.rollDeg(), r.pitchDeg(), r.yawDeg(), r.latencyP50Ms(), r.latencyP99Ms()));
        }
        md.append("\n## Per-sample error CDF\n\n![per-sample MAE CDF](").append(CDF_PNG).append(")\n");
        return md.toString();
    }

    private static String html(Path json, Evaluation e) {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>VP results</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:left}</style>\n")
                .append("</head><body>\n<h1>VP results</h1>\n<p>Source: <code>").append(Fmt.html(json.getFileName().toString()))
                .append("</code> (").append(Fmt.html(settings(e))).append(")</p>\n")
                .append("<p>MAE in degrees (docs/reference/vp.md §2); latency is the endpoint round trip per request.</p>\n")
                .append("<table><tr><th>method</th><th>samples</th><th>MAE</th><th>roll</th><th>pitch</th><th>yaw</th>")
                .append("<th>latency p50 (ms)</th><th>latency p99 (ms)</th></tr>\n");
        for (MethodRow r : e.rows()) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td>"
                    + "<td>%.3f</td><td>%.3f</td></tr>%n", Fmt.html(r.method()), r.samples(), r.maeDeg(), r.rollDeg(), r.pitchDeg(),
                    r.yawDeg(), r.latencyP50Ms(), r.latencyP99Ms()));
        }
        sb.append("</table>\n<h2>Per-sample error CDF</h2>\n<img src=\"").append(CDF_PNG).append("\" alt=\"per-sample MAE CDF\">\n");
        return sb.append("</body></html>\n").toString();
    }
}
