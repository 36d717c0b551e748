package org.netllm.testbed.server.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.netllm.testbed.server.metrics.ServerMetrics;
import org.netllm.testbed.server.spi.ServerTask;

/** The core's {@code /health}, {@code /metrics} (Prometheus) and {@code /api/catalog} over every task. */
final class InfoRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final List<ServerTask> tasks;
    private final ServerMetrics metrics;
    private final Executor workers;
    private final long startedMs = System.currentTimeMillis();

    InfoRoutes(List<ServerTask> tasks, ServerMetrics metrics, Executor workers) {
        this.tasks = tasks;
        this.metrics = metrics;
        this.workers = workers;
    }

    void mount(Router router) {
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        router.get("/api/catalog").handler(this::catalog);
    }

    /** {"status","activeSessions" (all tasks),"uptimeMs","tasks":{name:{"activeSessions"}}}. */
    private void health(RoutingContext ctx) {
        long total = 0;
        Map<String, Object> perTask = new LinkedHashMap<>();
        for (ServerTask t : tasks) {
            long n = t.sessions().map(s -> s.activeCount()).orElse(0L);
            total += n;
            perTask.put(t.name(), Map.of("activeSessions", n));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("activeSessions", total);
        body.put("uptimeMs", System.currentTimeMillis() - startedMs);
        body.put("tasks", perTask);
        Replies.json(ctx, 200, body);
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", PROMETHEUS_TEXT).end(metrics.scrape());
    }

    /**
     * docs/protocol.md "Player page": {"tasks": {name: entry}}; ABR's entry is {"algorithms","videos","traces"}. The
     * entries may list folders, so they are built on a worker, not the event loop.
     */
    private void catalog(RoutingContext ctx) {
        Replies.whenDone(ctx, CompletableFuture.supplyAsync(() -> {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (ServerTask t : tasks) {
                entries.put(t.name(), t.catalog());
            }
            return Map.of("tasks", entries);
        }, workers), body -> Replies.json(ctx, 200, body));
    }
}
