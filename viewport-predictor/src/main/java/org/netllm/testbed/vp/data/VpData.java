package org.netllm.testbed.vp.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled viewport traces ({@code vp-data/<dataset>.csv.gz}, see {@code vp-data/README.md}). Each
 * dataset is parsed on first use and kept; the instance is owned by whoever created it (no global).
 */
public final class VpData {
    private final VpSplits splits;
    private final Map<VpDataset, Map<TraceKey, double[][]>> loaded = new EnumMap<>(VpDataset.class);

    public VpData(VpSplits splits) {
        this.splits = splits;
    }

    /** The traces and splits shipped in this module's resources. */
    public static VpData bundled() {
        return new VpData(VpSplits.bundled());
    }

    public VpSplits splits() {
        return splits;
    }

    public static String resource(VpDataset d) {
        return "/vp-data/" + d.cliName() + ".csv.gz";
    }

    private synchronized Map<TraceKey, double[][]> dataset(VpDataset d) {
        return loaded.computeIfAbsent(d, ds -> {
            String res = resource(ds);
            try (InputStream in = VpData.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new VpDataFormatException("resource " + res + " is missing from the classpath");
                }
                return PackedTraces.read(in, res);
            } catch (IOException e) {
                throw new VpDataFormatException("cannot read " + res + ": " + e.getMessage(), e);
            }
        });
    }

    /** One trace; fails naming it if the bundled copy does not hold it. */
    public ViewportTrace trace(VpDataset d, TraceKey k) {
        double[][] rows = dataset(d).get(k);
        if (rows == null) {
            throw new VpDataFormatException(d.upstreamName() + " " + k + " is not in the bundled data"
                    + " (vp-data/README.md lists what is included)");
        }
        return new ViewportTrace(d, k, rows);
    }

    /** Every trace of a split in NetLLM's order (§1.4). Wu2017 train is not bundled and fails. */
    public List<ViewportTrace> traces(VpDataset d, VpSplit s) {
        List<ViewportTrace> out = new ArrayList<>();
        for (TraceKey k : splits.traces(d, s)) {
            out.add(trace(d, k));
        }
        return out;
    }
}
