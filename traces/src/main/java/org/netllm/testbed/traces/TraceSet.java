package org.netllm.testbed.traces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The trace files of one folder, listed the way NetLLM's loader does (docs/reference/abr.md §2.2,
 * {@code N:baseline_special/utils/utils.py}): file names sorted, dot-files skipped, and the
 * pointer files ({@code *.pkl}, and our {@code *.json} conversion of them) skipped.
 * Sub-folders are not traces and are skipped too.
 *
 * @param dir   the folder
 * @param files regular trace files in sorted name order
 */
public record TraceSet(Path dir, List<TraceFile> files) {

    public TraceSet {
        files = List.copyOf(files);
    }

    /** Lists {@code dir}, detecting each file's format from its first line. */
    public static TraceSet open(Path dir) throws IOException {
        return open(dir, Optional.empty());
    }

    /** Lists {@code dir}, taking every file to be in {@code format} (checked when read). */
    public static TraceSet open(Path dir, TraceFormat format) throws IOException {
        return open(dir, Optional.of(format));
    }

    private static TraceSet open(Path dir, Optional<TraceFormat> format) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new TraceFormatException(dir, 0, "is not a folder of traces");
        }
        List<Path> paths;
        try (Stream<Path> listing = Files.list(dir)) {
            paths = listing.filter(Files::isRegularFile).filter(TraceSet::isTraceName)
                    .sorted(Comparator.comparing(TraceLines::nameOf)).toList();
        }
        if (paths.isEmpty()) {
            throw new TraceFormatException(dir, 0, "holds no trace files");
        }
        List<TraceFile> files = new ArrayList<>(paths.size());
        for (Path p : paths) {
            files.add(new TraceFile(p, format.isPresent() ? format.get() : TraceFormat.detect(p)));
        }
        return new TraceSet(dir, files);
    }

    static boolean isTraceName(Path p) {
        String name = TraceLines.nameOf(p);
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && !lower.endsWith(".pkl") && !lower.endsWith(".json");
    }

    public int size() {
        return files.size();
    }

    public List<String> names() {
        return files.stream().map(TraceFile::name).toList();
    }

    public Optional<TraceFile> find(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Reads every file as cooked, in order; the first bad file aborts with its name. */
    public List<CookedTrace> readCooked() throws IOException {
        List<CookedTrace> out = new ArrayList<>(files.size());
        for (TraceFile f : files) {
            out.add(f.readCooked());
        }
        return out;
    }

    /** Reads every file as Mahimahi, in order; the first bad file aborts with its name. */
    public List<MahimahiTrace> readMahimahi() throws IOException {
        List<MahimahiTrace> out = new ArrayList<>(files.size());
        for (TraceFile f : files) {
            out.add(f.readMahimahi());
        }
        return out;
    }
}
