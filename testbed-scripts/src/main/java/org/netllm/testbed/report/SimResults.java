package org.netllm.testbed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code ./testbed sim} result file: {@code config.lambda}, {@code summary.<alg>.qoe_mean} and
 * {@code traces.<alg>[]} with per-trace QoE and per-chunk records (abr-controller SimReport).
 */
public record SimResults(Path file, double lambda, Map<String, Double> qoeMean, Map<String, Map<String, SimTrace>> traces) {

    /** One simulated session. */
    public record SimTrace(String trace, double qoe, List<SimChunk> chunks) {
    }

    /** One simulated chunk; delay includes the simulator's 80 ms RTT (docs/reference/abr.md §9.6). */
    public record SimChunk(int chunk, int quality, int bitrateKbps, long sizeBytes, double delayMs) {
    }

    public static SimResults read(Path file, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        double lambda = need(root.path("config"), "lambda", file + ": config").asDouble();
        Map<String, Double> means = new LinkedHashMap<>();
        JsonNode summary = root.path("summary");
        if (!summary.isObject()) {
            throw new IllegalArgumentException(file + ": \"summary\" missing — not a ./testbed sim result");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = summary.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            means.put(e.getKey(), need(e.getValue(), "qoe_mean", file + ": summary." + e.getKey()).asDouble());
        }
        Map<String, Map<String, SimTrace>> traces = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("traces").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<String, SimTrace> byName = new LinkedHashMap<>();
            int i = 0;
            for (JsonNode t : e.getValue()) {
                String where = file + ": traces." + e.getKey() + "[" + i++ + "]";
                List<SimChunk> chunks = new ArrayList<>();
                int j = 0;
                for (JsonNode c : t.path("chunks")) {
                    String cw = where + ".chunks[" + j++ + "]";
                    chunks.add(new SimChunk(need(c, "chunk", cw).asInt(), need(c, "quality", cw).asInt(),
                            need(c, "bitrate_kbps", cw).asInt(), need(c, "size_bytes", cw).asLong(), need(c, "delay_ms", cw).asDouble()));
                }
                String name = need(t, "trace", where).asText();
                byName.put(name, new SimTrace(name, need(t, "qoe_mean", where).asDouble(), chunks));
            }
            traces.put(e.getKey(), byName);
        }
        return new SimResults(file, lambda, means, traces);
    }

    private static JsonNode need(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" missing");
        }
        return v;
    }
}
