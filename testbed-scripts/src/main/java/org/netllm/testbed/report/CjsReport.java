package org.netllm.testbed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.eval.ExecutorTimeline;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.sim.SimConfig;

/**
 * Renders a {@code ./testbed cjs evaluate} JSON: a markdown table of mean avg/p90 JCT per setting,
 * one JCT CDF per setting (every job of every episode, one line per scheduler), and a Gantt-style
 * executor timeline of one episode (re-simulated: episodes are deterministic).
 */
public final class CjsReport {

    public static final String MD = "cjs-report.md";
    private static final int GANTT_WIDTH = 1600;
    private static final int ROW = 12;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public record Written(Path markdown, List<Path> charts) {
    }

    /**
     * @param json   evaluate output
     * @param outDir where the report goes (created)
     * @param gantt  which run to draw: "scheduler/jobs/executors/seed", or null for the first run
     */
    public Written write(Path json, Path outDir, String gantt) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        JsonNode runs = doc.path("runs");
        JsonNode summaries = doc.path("summaries");
        if (!runs.isArray() || runs.isEmpty() || !summaries.isArray()) {
            throw new IllegalArgumentException(json + ": not a ./testbed cjs evaluate output (no runs/summaries)");
        }
        Files.createDirectories(outDir);
        List<Path> charts = new ArrayList<>();
        StringBuilder md = new StringBuilder("# CJS results\n\nSource: `" + json.getFileName() + "` (" + doc.path("mode").asText()
                + "; " + doc.path("machine").asText() + ")\n\n");
        md.append("| scheduler | jobs | executors | episodes | mean avg JCT (s) | mean p90 JCT (s) | decisions | latency p50 / p99 (ms) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (JsonNode s : summaries) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %.1f | %.0f | %.4f / %.4f |%n",
                    s.path("scheduler").asText(), s.path("jobs").asInt(), s.path("executors").asInt(), s.path("episodes").asInt(),
                    s.path("mean_avg_jct_s").asDouble(), s.path("mean_p90_jct_s").asDouble(), s.path("mean_decisions").asDouble(),
                    s.path("decision_latency_p50_ms").asDouble(), s.path("decision_latency_p99_ms").asDouble()));
        }
        // JCT CDF per setting
        Map<String, Map<String, List<Double>>> bySetting = new LinkedHashMap<>();
        for (JsonNode r : runs) {
            String setting = r.path("jobs").asInt() + " jobs, " + r.path("executors").asInt() + " executors";
            List<Double> jcts = bySetting.computeIfAbsent(setting, k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.path("scheduler").asText(), k -> new ArrayList<>());
            for (JsonNode d : r.path("job_durations_s")) {
                jcts.add(d.asDouble());
            }
        }
        md.append("\n## JCT CDFs\n\n");
        int k = 0;
        for (Map.Entry<String, Map<String, List<Double>>> e : bySetting.entrySet()) {
            if (e.getValue().values().stream().allMatch(List::isEmpty)) {
                continue;
            }
            Path png = outDir.resolve("cjs-jct-cdf-" + (k++) + ".png");
            Charts.cdf("JCT CDF, " + e.getKey(), "job completion time (s)", e.getValue(), png);
            charts.add(png);
            md.append("![").append(e.getKey()).append("](").append(png.getFileName()).append(")\n\n");
        }
        // Gantt of one episode
        JsonNode pick = runs.get(0);
        if (gantt != null) {
            pick = null;
            for (JsonNode r : runs) {
                String key = r.path("scheduler").asText() + "/" + r.path("jobs").asInt() + "/" + r.path("executors").asInt() + "/"
                        + r.path("seed").asLong();
                if (key.equals(gantt)) {
                    pick = r;
                }
            }
            if (pick == null) {
                throw new IllegalArgumentException("--gantt " + gantt + ": no such run (scheduler/jobs/executors/seed)");
            }
        }
        String sched = pick.path("scheduler").asText();
        SimConfig cfg = SimConfig.of(pick.path("executors").asInt(), pick.path("jobs").asInt());
        EpisodeRunner.StreamLayout layout = "split".equals(doc.path("stream_layout").asText())
                ? EpisodeRunner.StreamLayout.SPLIT : EpisodeRunner.StreamLayout.SHARED;
        ExecutorTimeline t = ExecutorTimeline.record(cfg, new SchedulerFactory().create(sched), pick.path("seed").asLong(), layout);
        Path png = outDir.resolve("cjs-gantt.png");
        gantt(t, sched + ", seed " + pick.path("seed").asLong() + ", " + cfg.jobArrivalCap() + " jobs, "
                + cfg.numExecutors() + " executors", png);
        charts.add(png);
        md.append("## Executor timeline\n\n").append(sched).append(", seed ").append(pick.path("seed").asLong())
                .append(": one row per executor, one bar per task, colour = job (").append(t.segments().size())
                .append(" tasks, ").append(String.format(Locale.ROOT, "%.0f", t.endMs() / 1000)).append(" s).\n\n![gantt](")
                .append(png.getFileName()).append(")\n");
        Path mdPath = outDir.resolve(MD);
        Files.writeString(mdPath, md.toString());
        return new Written(mdPath, charts);
    }

    /** Plain AWT drawing: XChart would need one series per bar (≈10⁵ tasks). */
    private static void gantt(ExecutorTimeline t, String title, Path png) throws IOException {
        int top = 30;
        int left = 50;
        int h = top + t.executors() * ROW + 30;
        BufferedImage img = new BufferedImage(GANTT_WIDTH, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, GANTT_WIDTH, h);
        double scale = (GANTT_WIDTH - left - 10) / Math.max(1.0, t.endMs());
        for (ExecutorTimeline.Segment s : t.segments()) {
            float hue = (s.job() * 0.618034f) % 1f;
            g.setColor(Color.getHSBColor(hue, 0.65f, 0.9f));
            int x0 = left + (int) (s.startMs() * scale);
            int x1 = left + (int) Math.ceil(s.endMs() * scale);
            g.fillRect(x0, top + s.executor() * ROW + 1, Math.max(1, x1 - x0), ROW - 2);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, left, 18);
        for (int e = 0; e < t.executors(); e += 10) {
            g.drawString(Integer.toString(e), 5, top + e * ROW + ROW);
        }
        int ticks = 10;
        for (int i = 0; i <= ticks; i++) {
            double ms = t.endMs() * i / ticks;
            int x = left + (int) (ms * scale);
            g.drawLine(x, h - 28, x, h - 24);
            g.drawString(String.format(Locale.ROOT, "%.0f s", ms / 1000), Math.min(x, GANTT_WIDTH - 60), h - 10);
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}
