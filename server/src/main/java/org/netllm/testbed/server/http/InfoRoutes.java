package org.netllm.testbed.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.server.metrics.ServerMetrics;
import org.netllm.testbed.server.session.SessionRegistry;
import org.netllm.testbed.server.session.TraceLibrary;
import org.netllm.testbed.server.session.VideoLibrary;

/** {@code /health}, {@code /metrics} (Prometheus) and {@code /api/catalog}. */
final class InfoRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AbrAlgorithms algorithms;
    private final VideoLibrary videos;
    private final TraceLibrary traces;
    private final SessionRegistry sessions;
    private final ServerMetrics metrics;
    private final long startedMs = System.currentTimeMillis();

    InfoRoutes(AbrAlgorithms algorithms, VideoLibrary videos, TraceLibrary traces, SessionRegistry sessions,
               ServerMetrics metrics) {
        this.algorithms = algorithms;
        this.videos = videos;
        this.traces = traces;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        // the listings touch the disk: run them on a worker, not the event loop
        router.get("/api/catalog").blockingHandler(this::catalog, false);
    }

    private void health(RoutingContext ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("activeSessions", sessions.activeCount());
        body.put("uptimeMs", System.currentTimeMillis() - startedMs);
        Replies.json(ctx, 200, body);
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(metrics.scrape());
    }

    /** protocol.md "Player page": {"algorithms": [...], "videos": [...], "traces": [trace ids]}. */
    private void catalog(RoutingContext ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithms", algorithms.names());
        body.put("videos", videos.names());
        body.put("traces", traces.traceIds());
        Replies.json(ctx, 200, body);
    }
}
