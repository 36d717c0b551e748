package org.netllm.testbed.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** PNG charts of the report (XChart, rendered headless; no network, no CDN). */
public final class Charts {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Empirical CDF of session QoE, one line per algorithm. */
    public static void qoeCdf(String title, Map<String, List<Double>> qoeByAlgorithm, Path png) throws IOException {
        cdf(title, "QoE (per-chunk mean)", qoeByAlgorithm, png);
    }

    /** Most points a CDF line gets: quantiles beyond this add nothing visible and slow the renderer. */
    static final int MAX_CDF_POINTS = 1_000;

    /** Empirical CDF, one step line per series; long series are drawn through {@link #MAX_CDF_POINTS} quantiles. */
    public static void cdf(String title, String xTitle, Map<String, List<Double>> valuesBySeries, Path png) throws IOException {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle("CDF").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step).setMarkerSize(0);
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        for (Map.Entry<String, List<Double>> e : valuesBySeries.entrySet()) {
            double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length == 0) {
                continue;
            }
            int n = Math.min(sorted.length, MAX_CDF_POINTS);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                // point i stands for rank r (1-based) = the ceil of an even share of the sorted values; the last is the max
                int r = (int) Math.ceil((i + 1.0) * sorted.length / n);
                x[i] = sorted[r - 1];
                y[i] = (double) r / sorted.length;
            }
            c.addSeries(e.getKey(), x, y);
        }
        save(c, png);
    }

    /**
     * Normalised QoE breakdown like the paper's Fig. 12/14: for each component (bitrate, rebuffer
     * penalty, smoothness penalty) every algorithm's mean divided by the largest mean of that component.
     */
    public static void breakdown(String title, List<AggregateRow> rows, Path png) throws IOException {
        List<String> components = List.of("Bitrate", "Rebuffer penalty", "Smoothness penalty");
        double[] max = new double[3];
        for (AggregateRow r : rows) {
            double[] v = components(r);
            for (int i = 0; i < 3; i++) {
                max[i] = Math.max(max[i], v[i]);
            }
        }
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle("normalised (÷ max over algorithms)").build();
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        for (AggregateRow r : rows) {
            double[] v = components(r);
            List<Number> y = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                y.add(max[i] > 0 ? v[i] / max[i] : 0.0);
            }
            c.addSeries(r.algorithm(), components, y);
        }
        save(c, png);
    }

    static double[] components(AggregateRow r) {
        return new double[] {r.bitrateMbps(), r.rebufferPenalty(), r.smoothnessMbps()};
    }

    /** Per-chunk bitrate, buffer and throughput of one session over time since its first request. */
    public static void timeSeries(SessionResult s, Path png) throws IOException {
        List<ChunkRow> rows = s.rows();
        long t0 = rows.get(0).requestTimeMs();
        double[] t = rows.stream().mapToDouble(r -> (r.endTimeMs() - t0) / 1000.0).toArray();
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(s.key()).xAxisTitle("time since first chunk request (s)")
                .yAxisTitle("Mbit/s  |  buffer s").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.addSeries("bitrate (Mbit/s)", t, rows.stream().mapToDouble(r -> r.bitrateKbps() / 1000.0).toArray());
        c.addSeries("buffer (s)", t, rows.stream().mapToDouble(ChunkRow::bufferS).toArray());
        double[] tput = rows.stream().mapToDouble(ChunkRow::throughputMbps).map(v -> Double.isNaN(v) ? 0 : v).toArray();
        c.addSeries("throughput (Mbit/s)", t, tput);
        save(c, png);
    }

    /** Scatter of measured against expected values with the y = x line. */
    public static void scatter(String title, String xTitle, String yTitle, Map<String, double[][]> seriesXy, Path png)
            throws IOException {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double hi = 0;
        for (Map.Entry<String, double[][]> e : seriesXy.entrySet()) {
            if (e.getValue()[0].length == 0) {
                continue;
            }
            c.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            hi = Math.max(hi, Math.max(Arrays.stream(e.getValue()[0]).max().orElse(0), Arrays.stream(e.getValue()[1]).max().orElse(0)));
        }
        if (hi > 0) {
            c.addSeries("y = x", new double[] {0, hi}, new double[] {0, hi}).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        save(c, png);
    }

    private static void save(Chart<?, ?> c, Path png) throws IOException {
        BitmapEncoder.saveBitmap(c, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
