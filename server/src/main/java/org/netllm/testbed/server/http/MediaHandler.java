package org.netllm.testbed.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.testbed.server.fs.SafePaths;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.metrics.AbrMetrics;
import org.netllm.testbed.server.session.Session;
import org.netllm.testbed.server.session.SessionRegistry;

/**
 * DASH file hosting: {@code /content/<video>/...} unshaped (zero-copy sendFile) and
 * {@code /s/<session>/content/<video>/...} through the session's emulated link. Range requests,
 * DASH content types, CORS (global handler), no compression (the server never enables it).
 */
final class MediaHandler {

    static final String UNSHAPED_PREFIX = "/content/";
    static final String SESSION_PREFIX = "/s/";
    static final String SESSION_CONTENT = "/content/";

    /** Segments never change under a name; a day of caching helps unshaped demos. */
    private static final String CACHE_IMMUTABLE = "public, max-age=86400";
    /** The manifest can be regenerated in place. */
    private static final String CACHE_REVALIDATE = "no-cache";
    /** Shaped bytes must cross the link every time: a cached segment would bypass the emulation. */
    private static final String CACHE_NONE = "no-store";

    private final Path contentRoot;
    private final SessionRegistry sessions;
    private final AbrMetrics metrics;

    MediaHandler(Path contentRoot, SessionRegistry sessions, AbrMetrics metrics) {
        this.contentRoot = contentRoot;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    void unshaped(RoutingContext ctx) {
        String rel = ctx.normalizedPath().substring(UNSHAPED_PREFIX.length());
        serve(ctx, rel, null);
    }

    void shaped(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Session session = sessions.get(id);
        session.touch();
        String rel = ctx.normalizedPath().substring(SESSION_PREFIX.length() + id.length() + SESSION_CONTENT.length());
        serve(ctx, rel, session);
    }

    /** A content file's checked real path and size: content is immutable while served, so both are cached. */
    private record FileMeta(Path file, long size) {
    }

    /** Most cached entries: far above any content folder (a video is 6 × 50 files); only existing files enter. */
    private static final int MAX_CACHED_FILES = 100_000;

    private final java.util.Map<String, FileMeta> meta = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Serves from the metadata cache on the event loop; a miss resolves and stats the file on a worker (path checks
     * and stat are blocking file-system calls, which never run on an event loop), then serves.
     */
    private void serve(RoutingContext ctx, String rel, Session session) {
        FileMeta m = meta.get(rel);
        if (m != null) {
            serve(ctx, m.file(), m.size(), session);
            return;
        }
        ctx.request().pause(); // HEAD/GET carry no body, but keep the connection quiet while we look
        ctx.vertx().executeBlocking(() -> {
            Path file = SafePaths.resolveFile(contentRoot, rel, "content");
            try {
                return new FileMeta(file, Files.size(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat " + file, e);
            }
        }, false).onComplete(ar -> {
            ctx.request().resume();
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            if (meta.size() < MAX_CACHED_FILES) {
                meta.put(rel, ar.result());
            }
            try {
                serve(ctx, ar.result().file(), ar.result().size(), session);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    private void serve(RoutingContext ctx, Path file, long size, Session session) {
        ByteRange range;
        try {
            range = ByteRange.parse(ctx.request().getHeader("Range"), size);
        } catch (RequestException e) {
            // RFC 9110 §15.5.17: a 416 names the representation's length so the client can ask again
            ctx.response().putHeader(HttpHeaders.CONTENT_RANGE, ByteRange.unsatisfiedRange(size));
            throw e;
        }
        long offset = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();

        HttpServerResponse resp = ctx.response();
        String name = file.getFileName().toString();
        resp.putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.of(name))
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, session != null ? CACHE_NONE
                        : MediaTypes.isManifest(name) ? CACHE_REVALIDATE : CACHE_IMMUTABLE)
                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        if (range != null) {
            resp.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            resp.end();
            return;
        }
        if (session == null) {
            resp.sendFile(file.toString(), offset, length).onSuccess(v -> metrics.unshapedBytes(length));
        } else {
            new ShapedTransfer(ctx.vertx(), resp, file, offset, length, session.link(), metrics).start();
        }
    }
}
