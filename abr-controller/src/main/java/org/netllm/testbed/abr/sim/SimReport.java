package org.netllm.testbed.abr.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.netllm.testbed.abr.qoe.ChunkRecord;
import org.netllm.testbed.abr.qoe.QoeSummary;
import org.netllm.testbed.abr.qoe.SessionRecord;

/**
 * The simulation results document: {@code config} (every setting incl. λ, seed, fixed, versions),
 * {@code summary.<algorithm>} ({@code qoe_mean}, {@code bitrate_mean} Mbps, {@code rebuffer_mean}
 * s/chunk, {@code smoothness_mean} Mbps, {@code chunks}, {@code traces}) and
 * {@code traces.<algorithm>[]} with per-trace summaries and per-chunk records (docs/reference/abr.md §4.4 columns).
 */
public final class SimReport {

    private static final String BUILD_PROPERTIES = "/org/netllm/testbed/abr/sim/build.properties";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimReport() {
    }

    /** Settings-derived config entries; the caller adds its inputs (paths, algorithm list). */
    public static Map<String, Object> config(SimulationSettings s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("video", s.video().name());
        c.put("lambda", s.qoe().rebufPenalty());
        c.put("smooth_penalty", s.qoe().smoothPenalty());
        c.put("fixed", s.fixed());
        c.put("seed", s.seed());
        c.put("sampling", s.sampling());
        c.put("total_chunks", s.totalChunks());
        c.put("default_quality", SimConstants.DEFAULT_QUALITY);
        c.put("excluded_leading_chunks", QoeSummary.EXCLUDED_LEADING_CHUNKS);
        c.put("threads", s.threads());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("testbed", testbedVersion());
        v.put("java", System.getProperty("java.version"));
        c.put("versions", v);
        return c;
    }

    /** The project version stamped into the build (see resources-filtered). */
    public static String testbedVersion() {
        try (InputStream in = SimReport.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(BUILD_PROPERTIES + " missing from the classpath (build with Maven)");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILD_PROPERTIES, e);
        }
    }

    public static Map<String, Object> document(Map<String, Object> config, List<AlgorithmResult> results) {
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, Object> traces = new LinkedHashMap<>();
        for (AlgorithmResult r : results) {
            summary.put(r.algorithm(), summaryMap(r.summary()));
            List<Object> sessions = new ArrayList<>(r.sessions().size());
            for (SessionRecord s : r.sessions()) {
                sessions.add(sessionMap(s));
            }
            traces.put(r.algorithm(), sessions);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config", config);
        doc.put("summary", summary);
        doc.put("traces", traces);
        return doc;
    }

    public static void write(Path out, Map<String, Object> config, List<AlgorithmResult> results) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(out.toFile(), document(config, results));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + out + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> summaryMap(QoeSummary q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("qoe_mean", q.qoeMean());
        m.put("bitrate_mean", q.bitrateMeanMbps());
        m.put("rebuffer_mean", q.rebufferMeanS());
        m.put("smoothness_mean", q.smoothnessMeanMbps());
        m.put("chunks", q.chunks());
        m.put("traces", q.sessions());
        return m;
    }

    private static Map<String, Object> sessionMap(SessionRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace", s.traceName());
        m.put("trace_index", s.traceIndex());
        m.put("start_pointer", s.startPointer());
        m.putAll(summaryMap(s.qoe()));
        m.remove("traces");
        m.put("scored_chunks", m.remove("chunks"));
        List<Object> chunks = new ArrayList<>(s.chunks().size());
        for (ChunkRecord c : s.chunks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("chunk", c.chunkIndex());
            cm.put("quality", c.quality());
            cm.put("time_s", c.timeS());
            cm.put("bitrate_kbps", c.bitrateKbps());
            cm.put("buffer_s", c.bufferS());
            cm.put("rebuffer_s", c.rebufferS());
            cm.put("size_bytes", c.chunkBytes());
            cm.put("delay_ms", c.delayMs());
            cm.put("smoothness_mbps", c.smoothnessMbps());
            cm.put("reward", c.reward());
            chunks.add(cm);
        }
        m.put("chunks", chunks);
        return m;
    }

    /** The summary table the CLI prints. */
    public static String table(List<AlgorithmResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-18s %10s %14s %14s %16s %7s%n",
                "algorithm", "QoE", "bitrate Mbps", "rebuf s/chunk", "smoothness Mbps", "traces"));
        for (AlgorithmResult r : results) {
            QoeSummary q = r.summary();
            sb.append(String.format(Locale.ROOT, "%-18s %10.4f %14.4f %14.4f %16.4f %7d%n", r.algorithm(),
                    q.qoeMean(), q.bitrateMeanMbps(), q.rebufferMeanS(), q.smoothnessMeanMbps(), q.sessions()));
        }
        return sb.toString();
    }
}
