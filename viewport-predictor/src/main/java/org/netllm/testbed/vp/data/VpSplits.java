package org.netllm.testbed.vp.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * NetLLM's video and user lists per dataset and split (docs/reference/vp.md §1.4), read from the
 * bundled {@code vp-data/splits.json}. A split is every (video, user) pair of its video list × its user
 * list, in the file's video order then user order (the order NetLLM iterates them).
 */
public final class VpSplits {
    public static final String RESOURCE = "/vp-data/splits.json";

    private final Map<VpDataset, Map<VpSplit, List<Integer>>> videos = new EnumMap<>(VpDataset.class);
    private final Map<VpDataset, Map<VpSplit, List<Integer>>> users = new EnumMap<>(VpDataset.class);

    private VpSplits(JsonNode root, String source) {
        for (VpDataset d : VpDataset.values()) {
            videos.put(d, readLists(root, "dataset_video_split", d, source));
            users.put(d, readLists(root, "dataset_user_split", d, source));
        }
    }

    /** The splits bundled with this module. */
    public static VpSplits bundled() {
        try (InputStream in = VpSplits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new VpDataFormatException("resource " + RESOURCE + " is missing from the classpath");
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new VpDataFormatException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public static VpSplits parse(InputStream in, String source) throws IOException {
        return new VpSplits(new ObjectMapper().readTree(in), source);
    }

    private static Map<VpSplit, List<Integer>> readLists(JsonNode root, String field, VpDataset d, String source) {
        Map<VpSplit, List<Integer>> out = new EnumMap<>(VpSplit.class);
        JsonNode ds = root.path(field).path(d.upstreamName());
        for (VpSplit s : VpSplit.values()) {
            JsonNode arr = ds.path(s.key());
            if (!arr.isArray() || arr.isEmpty()) {
                throw new VpDataFormatException(source + ": " + field + "." + d.upstreamName() + "." + s.key()
                        + " must be a non-empty array of integers");
            }
            List<Integer> list = new ArrayList<>();
            for (JsonNode n : arr) {
                if (!n.isIntegralNumber() || n.asInt() < 1) {
                    throw new VpDataFormatException(source + ": " + field + "." + d.upstreamName() + "." + s.key()
                            + " holds '" + n + "', expected positive integers");
                }
                list.add(n.asInt());
            }
            out.put(s, List.copyOf(list));
        }
        return out;
    }

    public List<Integer> videos(VpDataset d, VpSplit s) {
        return videos.get(d).get(s);
    }

    public List<Integer> users(VpDataset d, VpSplit s) {
        return users.get(d).get(s);
    }

    /** Every (video, user) pair of the split, video-major in the file's order. */
    public List<TraceKey> traces(VpDataset d, VpSplit s) {
        List<TraceKey> out = new ArrayList<>();
        for (int v : videos(d, s)) {
            for (int u : users(d, s)) {
                out.add(new TraceKey(v, u));
            }
        }
        return out;
    }
}
