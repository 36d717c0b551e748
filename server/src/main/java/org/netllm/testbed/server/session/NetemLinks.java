package org.netllm.testbed.server.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.netem.PreparedTrace;
import org.netllm.testbed.netem.TraceDrivenLink;
import org.netllm.testbed.netem.UnlimitedLink;
import org.netllm.testbed.server.config.LinkSpec;
import org.netllm.testbed.traces.TraceConverter;
import org.netllm.testbed.traces.TraceFile;
import org.netllm.testbed.traces.TraceFormat;

/**
 * The production {@link LinkFactory}: {@code builtin} replays the session's trace with Mahimahi
 * semantics (cooked files are converted as GENET did), trace time 0 = session creation, as a fresh
 * mm-link shell per trace starts its trace with the session (docs/reference/abr.md §8.1); {@code none} only
 * adds the configured delay.
 *
 * <p>Parsed traces are cached per file (keyed by its real path, size and modification time, so an edited file is
 * read again) and shared by every session's link: before, 400 sessions on a 90 000-line trace parsed it 400 times
 * (262 MB → 2.66 GB, issue 11). At most {@link #MAX_CACHED_TRACES} files are kept.
 */
public final class NetemLinks implements LinkFactory {

    /** More than every shipped trace set together (≈ 300 files); a hostile client can only name existing traces. */
    static final int MAX_CACHED_TRACES = 1024;

    private record Key(Path file, long size, long modifiedMillis) {
    }

    private final Map<Key, PreparedTrace> cache = new ConcurrentHashMap<>();

    @Override
    public LinkEmulator create(LinkSpec spec, Path traceFile) throws IOException {
        return switch (spec.mode()) {
            case NONE -> new UnlimitedLink(spec.delayMs());
            case BUILTIN -> new TraceDrivenLink(prepared(traceFile), spec.delayMs(), System.nanoTime());
        };
    }

    /** The shared parsed trace of {@code traceFile} (read on first use). */
    public PreparedTrace prepared(Path traceFile) throws IOException {
        Path real = traceFile.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        Key key = new Key(real, a.size(), a.lastModifiedTime().toMillis());
        PreparedTrace p = cache.get(key);
        if (p != null) {
            return p;
        }
        TraceFile file = new TraceFile(real, TraceFormat.detect(real));
        p = PreparedTrace.of(file.format() == TraceFormat.MAHIMAHI ? file.readMahimahi()
                : TraceConverter.toMahimahi(file.readCooked()));
        if (cache.size() >= MAX_CACHED_TRACES) {
            cache.clear(); // rare (more trace files than any experiment uses): start over rather than grow
        }
        PreparedTrace raced = cache.putIfAbsent(key, p);
        return raced != null ? raced : p;
    }

    /** Trace files parsed and held now (tests). */
    public int cachedTraces() {
        return cache.size();
    }
}
