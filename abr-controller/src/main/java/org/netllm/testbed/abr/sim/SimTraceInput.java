package org.netllm.testbed.abr.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.netllm.testbed.traces.CookedTrace;

/**
 * Reads the simulator's inputs the way NetLLM's loader does (abr-reference §2.2): every regular
 * file of a folder in sorted name order, skipping dot-files and pointer lists ({@code *.pkl},
 * {@code *.json}), each a cooked trace ({@code time_s  Mbps} per line); and the start-pointer JSON
 * ({@code {"pointers": [{"file", "ptr"}, ...]}}, converted from {@code mahimahi_ptrs.pkl}).
 * Kept in this package so the simulator stands alone; a malformed file is an error naming the
 * file and 1-based line.
 */
public final class SimTraceInput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimTraceInput() {
    }

    /** Cooked traces of {@code dir} in sorted file-name order; or a single cooked file. */
    public static List<CookedTrace> loadCooked(Path dir) {
        if (Files.isRegularFile(dir)) {
            return List.of(readCooked(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("trace folder " + dir + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !isSkipped(p.getFileName().toString()))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list trace folder " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("trace folder " + dir + " holds no trace files");
        }
        List<CookedTrace> traces = new ArrayList<>(files.size());
        for (Path f : files) {
            traces.add(readCooked(f));
        }
        return traces;
    }

    private static boolean isSkipped(String name) {
        return name.startsWith(".") || name.endsWith(".pkl") || name.endsWith(".json");
    }

    /** One cooked trace: two numbers per line (time s, Mbps); trailing blank lines allowed. */
    public static CookedTrace readCooked(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        double[] times = new double[last];
        double[] rates = new double[last];
        for (int i = 0; i < last; i++) {
            String line = lines.get(i).strip();
            String[] cols = line.split("\\s+");
            if (line.isEmpty() || cols.length != 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'time_s Mbps', got '" + line + "'");
            }
            try {
                times[i] = Double.parseDouble(cols[0]);
                rates[i] = Double.parseDouble(cols[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a number in '" + line + "'");
            }
            if (!Double.isFinite(times[i]) || !Double.isFinite(rates[i]) || rates[i] < 0) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": time must be finite and rate >= 0, got '" + line + "'");
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": time " + times[i]
                        + " does not increase (previous " + times[i - 1] + ")");
            }
        }
        if (last < 2) {
            throw new IllegalArgumentException(file + ": a cooked trace needs at least 2 lines, has " + last);
        }
        return new CookedTrace(file.getFileName().toString(), times, rates);
    }

    /**
     * Start pointers for {@code traces} (same order) from a pointer JSON; every trace must be listed
     * exactly once and every pointer must lie in [1, samples − 1] (§3.1 step 4).
     */
    public static int[] loadStartPointers(Path file, List<CookedTrace> traces) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("pointers");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + ": missing array key 'pointers'");
        }
        Map<String, Integer> byFile = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            JsonNode name = e.get("file");
            JsonNode ptr = e.get("ptr");
            if (name == null || !name.isTextual() || ptr == null || !ptr.isIntegralNumber()) {
                throw new IllegalArgumentException(file + ": pointers[" + i + "] needs a string 'file' and an integer 'ptr'");
            }
            if (byFile.put(name.asText(), ptr.intValue()) != null) {
                throw new IllegalArgumentException(file + ": pointers[" + i + "]: file '" + name.asText() + "' listed twice");
            }
        }
        int[] pointers = new int[traces.size()];
        for (int i = 0; i < traces.size(); i++) {
            CookedTrace t = traces.get(i);
            Integer p = byFile.get(t.name());
            if (p == null) {
                throw new IllegalArgumentException(file + ": no start pointer for trace '" + t.name() + "'");
            }
            if (p < 1 || p >= t.size()) {
                throw new IllegalArgumentException(file + ": pointer " + p + " for trace '" + t.name()
                        + "' outside 1.." + (t.size() - 1));
            }
            pointers[i] = p;
        }
        if (byFile.size() != traces.size()) {
            java.util.Set<String> known = new java.util.HashSet<>();
            traces.forEach(t -> known.add(t.name()));
            List<String> unknown = byFile.keySet().stream().filter(n -> !known.contains(n)).sorted().toList();
            throw new IllegalArgumentException(file + ": pointers for files not in the trace set: " + unknown);
        }
        return pointers;
    }
}
