package org.netllm.testbed.cjs.tpch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The 154 TPC-H job templates shipped in {@code cjs/tpch/<size>/query_<q>.json}, parsed once and
 * cached (thread-safe). Sizes in spark-sched-sim's draw order, queries 1..22
 * (docs/reference/cjs.md §1.3, §2).
 */
public final class TpchCatalog {

    public static final List<String> SIZES = List.of("2g", "5g", "10g", "20g", "50g", "80g", "100g");
    public static final int NUM_QUERIES = 22;
    private static final String ROOT = "/cjs/tpch/";
    private static final int MAX_LEVEL = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TpchCatalog SHARED = new TpchCatalog();

    private final Map<String, JobTemplate> cache = new ConcurrentHashMap<>();

    /** The catalog over the shipped resources (templates are immutable, so one cache serves all). */
    public static TpchCatalog shared() {
        return SHARED;
    }

    public JobTemplate template(int query, String size) {
        if (query < 1 || query > NUM_QUERIES || !SIZES.contains(size)) {
            throw new IllegalArgumentException("no TPC-H template for query " + query + " size " + size);
        }
        return cache.computeIfAbsent(size + "/" + query, k -> load(query, size));
    }

    private static JobTemplate load(int query, String size) {
        String path = ROOT + size + "/query_" + query + ".json";
        try (InputStream in = TpchCatalog.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return parse(JSON.readTree(in), query, size, path);
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    static JobTemplate parse(JsonNode root, int query, String size, String where) {
        JsonNode adj = root.path("adjacency");
        JsonNode stagesNode = root.path("stages");
        int n = adj.size();
        if (n < 1 || stagesNode.size() != n) {
            throw new IllegalStateException(where + ": adjacency has " + n + " rows but " + stagesNode.size() + " stages");
        }
        List<List<Integer>> parents = new ArrayList<>();
        List<List<Integer>> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parents.add(new ArrayList<>());
            children.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            JsonNode row = adj.get(i);
            for (int j = 0; j < n; j++) {
                if (row.get(j).asDouble() != 0.0) {
                    if (j <= i) {
                        throw new IllegalStateException(where + ": adjacency is not strictly upper-triangular");
                    }
                    children.get(i).add(j);
                    parents.get(j).add(i);
                }
            }
        }
        StageProfile[] stages = new StageProfile[n];
        for (int s = 0; s < n; s++) {
            stages[s] = profile(stagesNode.get(s), where + " stage " + s);
        }
        return new JobTemplate(query, size, toArrays(parents), toArrays(children), stages);
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] out = new int[lists.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Stored-order map level → durations. */
    private static Map<Integer, int[]> levels(JsonNode node, String where) {
        Map<Integer, int[]> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            int level = Integer.parseInt(e.getKey());
            if (level < 0 || level > MAX_LEVEL) {
                throw new IllegalStateException(where + ": executor level " + level + " out of range");
            }
            int[] d = new int[e.getValue().size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = e.getValue().get(i).asInt();
            }
            out.put(level, d);
        }
        return out;
    }

    /** §2.2 num_tasks on the raw lists, then the §2.3 preprocessing. */
    static StageProfile profile(JsonNode stage, String where) {
        Map<Integer, int[]> first = levels(stage.path("first_wave"), where);
        Map<Integer, int[]> rest = levels(stage.path("rest_wave"), where);
        Map<Integer, int[]> fresh = levels(stage.path("fresh_durations"), where);
        if (first.isEmpty()) {
            throw new IllegalStateException(where + ": no first_wave levels");
        }
        int e0 = first.keySet().iterator().next();
        int numTasks = first.get(e0).length + (rest.containsKey(e0) ? rest.get(e0).length : 0);

        // remove fresh durations from the first wave, as a multiset
        Map<Integer, int[]> clean = new TreeMap<>();
        for (Map.Entry<Integer, int[]> e : first.entrySet()) {
            Map<Integer, Integer> freshCount = new HashMap<>();
            for (int d : fresh.getOrDefault(e.getKey(), new int[0])) {
                freshCount.merge(d, 1, Integer::sum);
            }
            List<Integer> kept = new ArrayList<>();
            for (int d : e.getValue()) {
                Integer c = freshCount.get(d);
                if (c == null) {
                    kept.add(d);
                } else if (c == 1) {
                    freshCount.remove(d);
                } else {
                    freshCount.put(d, c - 1);
                }
            }
            clean.put(e.getKey(), kept.stream().mapToInt(Integer::intValue).toArray());
        }
        // fill empty levels with the next smaller level's list (ascending walk)
        int[] last = new int[0];
        for (Map.Entry<Integer, int[]> e : clean.entrySet()) {
            if (e.getValue().length == 0) {
                e.setValue(last);
            }
            last = e.getValue();
        }
        // initial most_recent_duration: mean over fresh + first (cleaned) + rest
        double sum = 0;
        long count = 0;
        for (Map<Integer, int[]> m : List.of(fresh, clean, rest)) {
            for (int[] l : m.values()) {
                for (int d : l) {
                    sum += d;
                    count++;
                }
            }
        }
        double mean = count == 0 ? Double.NaN : sum / count;
        int maxFirst = clean.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        return new StageProfile(numTasks, mean, byLevel(clean), byLevel(rest), byLevel(fresh), maxFirst);
    }

    private static int[][] byLevel(Map<Integer, int[]> m) {
        int[][] out = new int[MAX_LEVEL + 1][];
        m.forEach((k, v) -> out[k] = v);
        return out;
    }
}
