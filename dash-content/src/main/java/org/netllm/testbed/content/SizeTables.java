package org.netllm.testbed.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * Loads chunk-size tables (the JSON format of abr-controller's {@code abr/videos/*.json}:
 * {@code bitrates_kbps}, {@code chunk_duration_s}, {@code sizes_bytes[level][chunk]}) as a {@link VideoSpec}.
 */
public final class SizeTables {

    /** Built-in tables by video id; "envivio" is Envivio-Dash3 = NetLLM's video1 (docs/reference/abr.md §2.1). */
    public static final Map<String, String> BUILT_IN = Map.of(
            "envivio", "/org/netllm/testbed/abr/videos/video1.json",
            "video2", "/org/netllm/testbed/abr/videos/video2.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SizeTables() {
    }

    /** A built-in id ({@link #BUILT_IN}) or a path to a size-table JSON file. */
    public static VideoSpec load(String videoOrPath) throws IOException {
        String resource = BUILT_IN.get(videoOrPath);
        if (resource != null) {
            try (InputStream in = SizeTables.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("built-in size table " + resource + " is missing from the classpath");
                }
                return parse(JSON.readTree(in), videoOrPath, resource);
            }
        }
        Path file = Path.of(videoOrPath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("video '" + videoOrPath + "' is neither a built-in table "
                    + BUILT_IN.keySet() + " nor a size-table JSON file");
        }
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        return parse(JSON.readTree(file.toFile()), name, file.toString());
    }

    static VideoSpec parse(JsonNode root, String name, String source) {
        JsonNode ladder = require(root, "bitrates_kbps", source);
        JsonNode sizes = require(root, "sizes_bytes", source);
        JsonNode duration = require(root, "chunk_duration_s", source);
        if (!ladder.isArray() || !sizes.isArray() || !duration.isNumber()) {
            throw new IllegalArgumentException(source + ": bitrates_kbps and sizes_bytes must be arrays, chunk_duration_s a number");
        }
        int[] kbps = new int[ladder.size()];
        for (int q = 0; q < kbps.length; q++) {
            kbps[q] = positiveInt(ladder.get(q), source, "bitrates_kbps[" + q + "]");
        }
        long[][] table = new long[sizes.size()][];
        for (int q = 0; q < table.length; q++) {
            JsonNode row = sizes.get(q);
            if (!row.isArray() || row.isEmpty()) {
                throw new IllegalArgumentException(source + ": sizes_bytes[" + q + "] must be a non-empty array");
            }
            table[q] = new long[row.size()];
            for (int c = 0; c < row.size(); c++) {
                table[q][c] = positiveInt(row.get(c), source, "sizes_bytes[" + q + "][" + c + "]");
            }
        }
        try {
            return new VideoSpec(name, kbps, duration.asDouble(), table);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode require(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null) {
            throw new IllegalArgumentException(source + ": missing key '" + key + "'");
        }
        return n;
    }

    private static int positiveInt(JsonNode n, String source, String key) {
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw new IllegalArgumentException(source + ": " + key + " must be a positive integer, got " + n);
        }
        return n.asInt();
    }
}
