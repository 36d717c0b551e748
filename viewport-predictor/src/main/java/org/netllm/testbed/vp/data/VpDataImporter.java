package org.netllm.testbed.vp.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the packed copy ({@link PackedTraces}) from NetLLM's CSV folder
 * {@code <root>/<Dataset>/video<V>/5Hz/simple_5Hz_user<U>.csv} (docs/reference/vp.md §1.1). Only the
 * traces that the chosen splits reference are kept, and only columns 1–3 (verbatim tokens). A manifest
 * line per trace records its row count and the SHA-256 of the original file, so the copy can be checked
 * against the originals later ({@code vp-data/README.md}).
 */
public final class VpDataImporter {
    public static final String MANIFEST_HEADER = "dataset,video,user,rows,original_sha256";
    private static final int UPSTREAM_COLUMNS = 4;

    private final VpSplits splits;

    public VpDataImporter(VpSplits splits) {
        this.splits = splits;
    }

    /** NetLLM repository snapshot the bundled copy was made from (recorded in the packed files). */
    public static final String SOURCE = "duowuyms/NetLLM@105bcf070f2bec808f7b14f8f5a953de6e4e6e54 viewport_prediction/data/viewports";
    public static final String MANIFEST = "manifest.csv";

    /**
     * What the product bundles: Jin2022 train/valid/test (the default training and test setting) and
     * Wu2017 valid/test (only the unseen-dataset tests use Wu2017; its training videos are not bundled).
     */
    public static Set<VpSplit> bundledSplits(VpDataset d) {
        return d == VpDataset.JIN2022 ? EnumSet.allOf(VpSplit.class) : EnumSet.of(VpSplit.VALID, VpSplit.TEST);
    }

    /**
     * Writes {@code <dataset>.csv.gz} for both datasets and {@code manifest.csv} into {@code outDir};
     * returns the number of traces packed.
     */
    public int importAll(Path root, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<String> manifest = new ArrayList<>();
        manifest.add(MANIFEST_HEADER);
        int n = 0;
        for (VpDataset d : VpDataset.values()) {
            Set<VpSplit> which = bundledSplits(d);
            List<String> comments = List.of(
                    d.upstreamName() + " 5 Hz viewport traces, columns 1-3 (roll, pitch, yaw in degrees) copied verbatim",
                    "source: " + SOURCE + "/" + d.upstreamName() + "/video<V>/5Hz/simple_5Hz_user<U>.csv",
                    "splits: " + which + " of vp-data/splits.json; see vp-data/README.md");
            Path tmp = outDir.resolve(d.cliName() + ".csv.gz.tmp");
            List<String> lines;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                lines = importDataset(root, d, which, comments, out);
            }
            Files.move(tmp, outDir.resolve(d.cliName() + ".csv.gz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            manifest.addAll(lines);
            n += lines.size();
        }
        Files.write(outDir.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
        return n;
    }

    /** Path of one upstream CSV under {@code root}. */
    public static Path upstreamFile(Path root, VpDataset d, TraceKey k) {
        return root.resolve(d.upstreamName()).resolve("video" + k.video()).resolve("5Hz")
                .resolve("simple_5Hz_user" + k.user() + ".csv");
    }

    /** The traces the given splits reference, sorted by (video, user). */
    public Set<TraceKey> referenced(VpDataset d, Set<VpSplit> which) {
        Set<TraceKey> keys = new TreeSet<>();
        for (VpSplit s : which) {
            keys.addAll(splits.traces(d, s));
        }
        return keys;
    }

    /**
     * Packs {@code d}'s traces for {@code which} splits from {@code root} into {@code packed}; returns the
     * manifest lines (without header). A missing or malformed original fails with its path and line.
     */
    public List<String> importDataset(Path root, VpDataset d, Set<VpSplit> which, List<String> comments,
                                      OutputStream packed) throws IOException {
        List<PackedTraces.TraceText> traces = new ArrayList<>();
        List<String> manifest = new ArrayList<>();
        for (TraceKey k : referenced(d, which)) {
            Path f = upstreamFile(root, d, k);
            if (!Files.isRegularFile(f)) {
                throw new VpDataFormatException("missing original " + f + " (referenced by the " + d.upstreamName() + " splits)");
            }
            byte[] bytes = Files.readAllBytes(f);
            List<String[]> rows = parseUpstream(new String(bytes, StandardCharsets.UTF_8), f.toString());
            traces.add(new PackedTraces.TraceText(k, rows));
            manifest.add(d.upstreamName() + "," + k.video() + "," + k.user() + "," + rows.size() + "," + sha256(bytes));
        }
        PackedTraces.write(packed, comments, traces);
        return manifest;
    }

    /** Angle tokens (columns 1–3) of an upstream CSV: no header, 4 numeric columns, LF lines. */
    public static List<String[]> parseUpstream(String text, String source) {
        List<String[]> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (i == lines.length - 1) {
                    break; // trailing newline
                }
                throw new VpDataFormatException(source + " line " + (i + 1) + ": blank line inside the data");
            }
            String[] f = line.split(",", -1);
            if (f.length != UPSTREAM_COLUMNS) {
                throw new VpDataFormatException(source + " line " + (i + 1) + ": expected " + UPSTREAM_COLUMNS + " columns, got " + f.length);
            }
            for (String tok : f) {
                PackedTraces.parseAngle(tok, source, i + 1);
            }
            out.add(new String[] {f[1], f[2], f[3]});
        }
        if (out.isEmpty()) {
            throw new VpDataFormatException(source + ": no rows");
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
