package org.netllm.testbed.abr.video;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads {@link VideoSpec}s: the built-in chunk-size tables by name, a JSON file in the same format,
 * or a NetLLM/Pensieve {@code video_size_0..5} folder (docs/reference/abr.md §2.1).
 *
 * <p>JSON keys: {@code name}, {@code bitrates_kbps}, {@code chunk_duration_s}, {@code num_chunks},
 * {@code sizes_bytes[level][chunk]}. A size folder carries no ladder, so it gets the shared ladder of
 * docs/reference/abr.md §1 and the simulator's 4 s chunk.
 */
public final class VideoSpecs {

    /** docs/reference/abr.md §1 {@code VIDEO_BIT_RATE}, kbit/s. */
    private static final int[] DEFAULT_LADDER_KBPS = {300, 750, 1200, 1850, 2850, 4300};
    /** docs/reference/abr.md §1 {@code VIDEO_CHUNK_LEN} = 4000 ms. */
    public static final double DEFAULT_CHUNK_DURATION_S = 4.0;
    /** The default test video (EnvivioDash3, NetLLM's "video1"). */
    public static final String DEFAULT_NAME = "envivio";

    private static final String RESOURCE_DIR = "/org/netllm/testbed/abr/videos/";
    /** CLI name → bundled resource. "video1" is NetLLM's own name for Envivio. */
    private static final Map<String, String> BUILT_IN = Map.of(
            "envivio", "video1.json",
            "video1", "video1.json",
            "video2", "video2.json",
            "genet-fig-reproduce", "genet-fig-reproduce.json");
    private static final String SIZE_FILE_PREFIX = "video_size_";

    private static final ObjectMapper JSON = new ObjectMapper();

    private VideoSpecs() {
    }

    /** The shared ladder of docs/reference/abr.md §1 (a copy). */
    public static int[] defaultLadderKbps() {
        return DEFAULT_LADDER_KBPS.clone();
    }

    /** Names accepted by {@link #load(String)} besides paths. */
    public static List<String> builtInNames() {
        return List.of("envivio", "video1", "video2", "genet-fig-reproduce");
    }

    /** A built-in name, else a path to a JSON file or a {@code video_size_*} folder. */
    public static VideoSpec load(String nameOrPath) {
        String resource = BUILT_IN.get(nameOrPath.toLowerCase(Locale.ROOT));
        if (resource != null) {
            return loadResource(resource);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.exists(path)) {
            throw new VideoFormatException("video '" + nameOrPath + "' is neither a built-in name "
                    + builtInNames() + " nor an existing file or folder");
        }
        return Files.isDirectory(path) ? loadSizeFolder(path) : loadJson(path);
    }

    /** The default test video. */
    public static VideoSpec envivio() {
        return load(DEFAULT_NAME);
    }

    private static VideoSpec loadResource(String resource) {
        try (InputStream in = VideoSpecs.class.getResourceAsStream(RESOURCE_DIR + resource)) {
            if (in == null) {
                throw new VideoFormatException("built-in video resource " + RESOURCE_DIR + resource + " is missing from the classpath");
            }
            return parseJson(JSON.readTree(in), "classpath:" + RESOURCE_DIR + resource);
        } catch (IOException e) {
            throw new VideoFormatException("cannot read built-in video " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSON chunk-size table; errors name the file and the key. */
    public static VideoSpec loadJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new VideoFormatException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        return parseJson(root, file.toString());
    }

    private static VideoSpec parseJson(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new VideoFormatException(source + ": expected a JSON object");
        }
        String name = requireText(root, "name", source);
        JsonNode ladderNode = require(root, "bitrates_kbps", source);
        if (!ladderNode.isArray() || ladderNode.isEmpty()) {
            throw new VideoFormatException(source + ": key 'bitrates_kbps' must be a non-empty array");
        }
        int[] ladder = new int[ladderNode.size()];
        for (int q = 0; q < ladder.length; q++) {
            JsonNode v = ladderNode.get(q);
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() <= 0) {
                throw new VideoFormatException(source + ": bitrates_kbps[" + q + "] must be a positive integer, got " + v);
            }
            ladder[q] = v.intValue();
        }
        JsonNode durNode = require(root, "chunk_duration_s", source);
        if (!durNode.isNumber() || !(durNode.doubleValue() > 0)) {
            throw new VideoFormatException(source + ": key 'chunk_duration_s' must be a positive number, got " + durNode);
        }
        JsonNode chunksNode = require(root, "num_chunks", source);
        if (!chunksNode.isIntegralNumber() || chunksNode.intValue() <= 0) {
            throw new VideoFormatException(source + ": key 'num_chunks' must be a positive integer, got " + chunksNode);
        }
        int numChunks = chunksNode.intValue();
        JsonNode sizesNode = require(root, "sizes_bytes", source);
        if (!sizesNode.isArray() || sizesNode.size() != ladder.length) {
            throw new VideoFormatException(source + ": key 'sizes_bytes' must be an array of " + ladder.length
                    + " rows (one per bitrate), got " + (sizesNode.isArray() ? sizesNode.size() + " rows" : sizesNode.getNodeType()));
        }
        long[][] sizes = new long[ladder.length][];
        for (int q = 0; q < ladder.length; q++) {
            JsonNode row = sizesNode.get(q);
            if (!row.isArray() || row.size() != numChunks) {
                throw new VideoFormatException(source + ": sizes_bytes[" + q + "] must hold num_chunks=" + numChunks
                        + " sizes, got " + (row.isArray() ? row.size() : row.getNodeType()));
            }
            sizes[q] = new long[numChunks];
            for (int c = 0; c < numChunks; c++) {
                JsonNode v = row.get(c);
                if (!v.isIntegralNumber() || v.longValue() <= 0) {
                    throw new VideoFormatException(source + ": sizes_bytes[" + q + "][" + c + "] must be a positive integer, got " + v);
                }
                sizes[q][c] = v.longValue();
            }
        }
        try {
            return new VideoSpec(name, ladder, durNode.doubleValue(), sizes);
        } catch (IllegalArgumentException e) {
            throw new VideoFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code video_size_0 .. video_size_(L-1)} folder: one line per chunk, the first
     * whitespace-separated integer is the byte size (docs/reference/abr.md §2.1, NetLLM reads
     * {@code int(line.split()[0])}). Trailing blank lines are ignored; any other bad line is an error.
     */
    public static VideoSpec loadSizeFolder(Path dir) {
        int[] ladder = DEFAULT_LADDER_KBPS;
        long[][] sizes = new long[ladder.length][];
        for (int q = 0; q < ladder.length; q++) {
            Path file = dir.resolve(SIZE_FILE_PREFIX + q);
            if (!Files.isRegularFile(file)) {
                throw new VideoFormatException(dir + ": missing " + SIZE_FILE_PREFIX + q
                        + " (a size folder needs " + SIZE_FILE_PREFIX + "0.." + (ladder.length - 1) + ")");
            }
            sizes[q] = readSizeFile(file);
            if (sizes[q].length != sizes[0].length) {
                throw new VideoFormatException(file + ": " + sizes[q].length + " chunks but "
                        + SIZE_FILE_PREFIX + "0 has " + sizes[0].length);
            }
        }
        return new VideoSpec(dir.getFileName().toString(), ladder.clone(), DEFAULT_CHUNK_DURATION_S, sizes);
    }

    private static long[] readSizeFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw new VideoFormatException(file + ": empty size file");
        }
        List<Long> sizes = new ArrayList<>(last);
        for (int i = 0; i < last; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                throw new VideoFormatException(file + ":" + (i + 1) + ": blank line inside the size list");
            }
            String first = line.split("\\s+")[0];
            long size;
            try {
                size = Long.parseLong(first);
            } catch (NumberFormatException e) {
                throw new VideoFormatException(file + ":" + (i + 1) + ": '" + first + "' is not an integer byte size");
            }
            if (size <= 0) {
                throw new VideoFormatException(file + ":" + (i + 1) + ": chunk size must be > 0, got " + size);
            }
            sizes.add(size);
        }
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }

    private static JsonNode require(JsonNode root, String key, String source) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            throw new VideoFormatException(source + ": missing key '" + key + "'");
        }
        return n;
    }

    private static String requireText(JsonNode root, String key, String source) {
        JsonNode n = require(root, key, source);
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new VideoFormatException(source + ": key '" + key + "' must be a non-empty string");
        }
        return n.asText();
    }
}
