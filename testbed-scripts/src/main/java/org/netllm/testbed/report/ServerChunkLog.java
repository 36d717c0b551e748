package org.netllm.testbed.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the server's per-chunk log ({@code <results>/<session>/chunks.jsonl}, one JSON object per
 * decision POST) into {@link ChunkRow}s. The server logs the cumulative stall the client reported;
 * the per-chunk stall is its difference (docs/reference/abr.md §8.6 step 1).
 */
public final class ServerChunkLog {

    // field names of the server's JSONL (server module, server.log)
    static final String CHUNK = "chunk";
    static final String QUALITY = "quality";
    static final String BITRATE_KBPS = "bitrateKbps";
    static final String BUFFER_S = "bufferS";
    static final String REBUFFER_S = "rebufferS";
    static final String BYTES = "bytes";
    static final String REQUEST_MS = "requestTimeMs";
    static final String FIRST_BYTE_MS = "firstByteTimeMs";
    static final String END_MS = "endTimeMs";
    static final String DECISION_LATENCY_MS = "decisionLatencyMs";

    private ServerChunkLog() {
    }

    public static List<ChunkRow> read(Path file, ObjectMapper json) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<ChunkRow> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode n;
            try {
                n = json.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": not JSON: " + e.getMessage());
            }
            ChunkRow row = new ChunkRow(intField(n, CHUNK, where), intField(n, QUALITY, where),
                    intField(n, BITRATE_KBPS, where), num(n, BUFFER_S, where), num(n, REBUFFER_S, where),
                    (long) num(n, BYTES, where), (long) num(n, REQUEST_MS, where), (long) num(n, FIRST_BYTE_MS, where),
                    (long) num(n, END_MS, where), n.has(DECISION_LATENCY_MS) ? num(n, DECISION_LATENCY_MS, where) : Double.NaN);
            if (row.chunk() != rows.size()) {
                throw new IllegalArgumentException(where + ": expected chunk " + rows.size() + ", got " + row.chunk());
            }
            rows.add(row);
        }
        return rows;
    }

    private static double num(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" missing or not a number");
        }
        return v.asDouble();
    }

    private static int intField(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" missing or not an integer");
        }
        return v.asInt();
    }
}
