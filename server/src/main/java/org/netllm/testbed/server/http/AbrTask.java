package org.netllm.testbed.server.http;

import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.metrics.AbrMetrics;
import org.netllm.testbed.server.session.LinkFactory;
import org.netllm.testbed.server.session.SessionRegistry;
import org.netllm.testbed.server.session.TraceLibrary;
import org.netllm.testbed.server.session.VideoLibrary;
import org.netllm.testbed.server.spi.ServerTask;
import org.netllm.testbed.server.spi.TaskContext;
import org.netllm.testbed.server.spi.TaskSessions;

/**
 * Adaptive bitrate streaming as a {@link ServerTask}: the session and decision API (docs/protocol.md §1-4), the
 * Pensieve/GENET endpoint (docs/protocol.md §5) and DASH hosting, shaped per session and unshaped. Its paths predate the task seam
 * and are fixed by the dash.js client, so it mounts at the root ({@link #prefix()} is empty) and the core checks
 * them against the other tasks' prefixes.
 */
public final class AbrTask implements ServerTask {

    public static final String NAME = "abr";

    private final ServerConfig config;
    private final AbrAlgorithms algorithms;
    private final VideoLibrary videos;
    private final LinkFactory links;
    private TraceLibrary traces;
    private SessionRegistry sessions;
    /** One thread: events of a session stay in order, and floods never take a decision worker. */
    private java.util.concurrent.ExecutorService eventWriter;

    public AbrTask(ServerConfig config, AbrAlgorithms algorithms, VideoLibrary videos, LinkFactory links) {
        this.config = config;
        this.algorithms = algorithms;
        this.videos = videos;
        this.links = links;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String prefix() {
        return "";
    }

    @Override
    public void start(TaskContext context) {
        traces = new TraceLibrary(config.tracesRoot());
        sessions = new SessionRegistry(config, algorithms, videos, traces, links, context.blocking());
        AbrMetrics metrics = new AbrMetrics(context.metrics(), sessions::activeCount);
        eventWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "abr-event-writer");
            t.setDaemon(true);
            return t;
        });
        new SessionRoutes(sessions, metrics, config.link(), context.blocking(), eventWriter).mount(context.routes());
        MediaHandler media = new MediaHandler(config.contentRoot(), sessions, metrics);
        for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
            context.routes().rawRegex(m, MediaHandler.UNSHAPED_PREFIX + ".+", media::unshaped);
            context.routes().rawRegex(m, "/s/(?<id>[^/]+)/content/.+", media::shaped);
        }
    }

    /** {"algorithms": registry names, "videos": content folders, "traces": trace ids} (docs/protocol.md). */
    @Override
    public Map<String, Object> catalog() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithms", algorithms.names());
        body.put("videos", videos.names());
        body.put("traces", traces.traceIds());
        return body;
    }

    @Override
    public Optional<TaskSessions> sessions() {
        return Optional.ofNullable(sessions);
    }

    /** The live registry (tests and benches); null before {@link #start}. */
    public SessionRegistry registry() {
        return sessions;
    }

    /** Sessions were ended by the core before this; algorithms close with their sessions. */
    @Override
    public void close() {
        // the registry's sessions are ended and the worker pool is the core's; the event writer is ours
        if (eventWriter != null) {
            eventWriter.shutdown();
            try {
                eventWriter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
