package org.netllm.testbed.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NetLLM's per-trace start pointers for {@code fcc/test} ({@code test_mahimahi_ptrs.json}, the JSON
 * form of {@code mahimahi_ptrs.pkl}; docs/reference/data.md §1.2). Trace k of the sorted set starts at cooked
 * line {@code ptr} with {@code last_time = t[ptr-1]} (docs/reference/abr.md §2.2), so a valid pointer lies
 * in [1, lines − 1].
 *
 * @param source   the JSON file (for messages)
 * @param pointers file name → pointer, in file order
 */
public record StartPointers(Path source, Map<String, Integer> pointers) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pointer 0 would read t[-1] (Python's last element); NetLLM's values are 3..303. */
    private static final int MIN_POINTER = 1;

    public StartPointers {
        pointers = Collections.unmodifiableMap(new LinkedHashMap<>(pointers));
    }

    /** Reads {@code {"pointers": [{"file": ..., "ptr": ...}, ...]}}. */
    public static StartPointers read(Path json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(json, 0, "not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode list = root == null ? null : root.get("pointers");
        if (list == null || !list.isArray()) {
            throw new TraceFormatException(json, 0, "missing array \"pointers\"");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String where = "pointers[" + i + "]";
            JsonNode file = e.get("file");
            JsonNode ptr = e.get("ptr");
            if (file == null || !file.isTextual()) {
                throw new TraceFormatException(json, 0, where + ".file is missing or not a string");
            }
            if (ptr == null || !ptr.isInt()) {
                throw new TraceFormatException(json, 0, where + ".ptr is missing or not an integer");
            }
            if (out.put(file.asText(), ptr.asInt()) != null) {
                throw new TraceFormatException(json, 0, where + ": file " + file.asText() + " listed twice");
            }
        }
        return new StartPointers(json, out);
    }

    public int pointerFor(String file) {
        Integer p = pointers.get(file);
        if (p == null) {
            throw new IllegalArgumentException(source + ": no start pointer for trace " + file);
        }
        return p;
    }

    /**
     * Checks the pointers against the cooked set they belong to: the same files in the same
     * (sorted) order, since NetLLM indexes the pointer list by trace position, and every pointer
     * inside its trace.
     *
     * @throws TraceFormatException naming the pointer file and the offending trace
     */
    public void validate(TraceSet set) throws IOException {
        forTraces(set.readCooked());
    }

    /**
     * The pointers of {@code traces} (a cooked set read in NetLLM's sorted order, e.g. by
     * {@link TraceSet#readCooked()}), position by position, after the checks of
     * {@link #validate(TraceSet)}.
     *
     * @return pointers[k] for traces[k]
     * @throws TraceFormatException naming the pointer file and the offending trace
     */
    public int[] forTraces(List<CookedTrace> traces) throws TraceFormatException {
        List<String> expected = traces.stream().map(CookedTrace::name).toList();
        List<String> listed = new ArrayList<>(pointers.keySet());
        for (String name : listed) {
            if (!expected.contains(name)) {
                throw new TraceFormatException(source, 0, "pointer for unknown trace " + name
                        + " (not in the trace set " + summary(expected) + ")");
            }
        }
        if (!listed.equals(expected)) {
            throw new TraceFormatException(source, 0, "lists " + listed.size() + " traces but the trace set holds "
                    + expected.size() + " (or in another order); NetLLM pairs them by position");
        }
        int[] out = new int[traces.size()];
        for (int k = 0; k < out.length; k++) {
            CookedTrace t = traces.get(k);
            int ptr = pointers.get(t.name());
            if (ptr < MIN_POINTER || ptr >= t.size()) {
                throw new TraceFormatException(source, 0, "pointer " + ptr + " of trace " + t.name()
                        + " is outside [" + MIN_POINTER + ", " + (t.size() - 1) + "]");
            }
            out[k] = ptr;
        }
        return out;
    }

    private static String summary(List<String> names) {
        return names.size() <= 3 ? names.toString() : "[" + names.get(0) + ", ... " + names.size() + " traces]";
    }
}
