package org.netllm.testbed.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.fs.SafePaths;

/**
 * Trace files under the traces root. A trace id is {@code <rootFolderName>/<set>/<file>}, e.g.
 * {@code traces/fcc-real/<file>} for the repository's {@code traces/} folder (docs/protocol.md §1), so
 * ids stay the same when the root is given as an absolute path.
 */
public final class TraceLibrary {

    /** Files that sit beside traces but are not traces (docs/reference/data.md §1.2: manifest, pointers). */
    private static final Set<String> NON_TRACE_SUFFIXES = Set.of(".json", ".csv", ".pkl", ".md", ".xml", ".txt");
    /** Module folders that share the repository's traces root. */
    private static final Set<String> NON_TRACE_DIRS = Set.of("src", "target");
    /** Trace sets are at most this deep (fcc/test). */
    private static final int MAX_SET_DEPTH = 3;

    private final Path root;
    private final String rootName;

    public TraceLibrary(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.rootName = this.root.getFileName() == null ? "" : this.root.getFileName().toString();
    }

    public String rootName() {
        return rootName;
    }

    /** The file for a trace id; 400/403/404 naming the id when it is not a trace under the root. */
    public Path resolve(String traceId) {
        String prefix = rootName + "/";
        if (!traceId.startsWith(prefix)) {
            throw RequestException.badRequest("trace \"" + traceId + "\": ids start with \"" + prefix
                    + "\" (the traces root " + root + ")");
        }
        return SafePaths.resolveFile(root, traceId.substring(prefix.length()), "trace");
    }

    /** Every trace id, sorted, for the catalog. */
    public List<String> traceIds() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, MAX_SET_DEPTH)) {
            walk.filter(Files::isRegularFile)
                    .filter(this::isTraceFile)
                    .forEach(p -> ids.add(rootName + "/" + root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list traces root " + root, e);
        }
        ids.sort(null);
        return ids;
    }

    private boolean isTraceFile(Path p) {
        Path rel = root.relativize(p);
        if (rel.getNameCount() < 2) {
            return false; // files directly in the root (pom.xml, manifest.csv) are not in a set
        }
        for (Path part : rel) {
            String s = part.toString();
            if (s.startsWith(".") || NON_TRACE_DIRS.contains(s)) {
                return false;
            }
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return NON_TRACE_SUFFIXES.stream().noneMatch(name::endsWith);
    }
}
