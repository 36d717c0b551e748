package org.netllm.testbed.server.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.DashContent;
import org.netllm.testbed.server.spi.RequestException;

/**
 * Videos = folders {@code <contentRoot>/<video>/} that hold a {@code manifest.mpd} (content layout of
 * the content package). Specs are loaded on first use and cached: the files do not change while
 * the server runs.
 */
public final class ContentVideoLibrary implements VideoLibrary {

    public static final String MANIFEST = "manifest.mpd";

    private final Path contentRoot;
    private final VideoSpecLoader loader;
    private final Map<String, VideoSpec> cache = new ConcurrentHashMap<>();

    public ContentVideoLibrary(Path contentRoot, VideoSpecLoader loader) {
        this.contentRoot = contentRoot;
        this.loader = loader;
    }

    /** The production library: specs from the MPD and segment files ({@link DashContent#load}). */
    public static ContentVideoLibrary dashContent(Path contentRoot) {
        return new ContentVideoLibrary(contentRoot, dir -> DashContent.load(dir).spec());
    }

    @Override
    public List<String> names() {
        if (!Files.isDirectory(contentRoot)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(contentRoot)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(MANIFEST)))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list content root " + contentRoot, e);
        }
    }

    @Override
    public VideoSpec spec(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw RequestException.badRequest("video \"" + name + "\": names are letters, digits, '.', '_' and '-'");
        }
        Path dir = contentRoot.resolve(name);
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            throw RequestException.notFound("video \"" + name + "\" not found: no " + dir.resolve(MANIFEST)
                    + " (known: " + String.join(", ", names()) + ")");
        }
        return cache.computeIfAbsent(name, n -> {
            try {
                return loader.load(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load video " + dir + ": " + e.getMessage(), e);
            }
        });
    }
}
