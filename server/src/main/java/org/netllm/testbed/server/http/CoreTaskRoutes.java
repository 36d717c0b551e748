package org.netllm.testbed.server.http;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.netllm.testbed.server.spi.JsonBody;
import org.netllm.testbed.server.spi.JsonRoute;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.spi.TaskMetrics;
import org.netllm.testbed.server.spi.TaskReply;
import org.netllm.testbed.server.spi.TaskRequest;
import org.netllm.testbed.server.spi.TaskRoutes;

/**
 * {@link TaskRoutes} on the server's router: paths under the task's prefix (or, for a task with the empty
 * prefix, absolute paths outside every other task's prefix and the core's own paths). The shared policies
 * (Host/Origin, CORS, body limit, JSON failure replies) are router-wide handlers the core installed first.
 */
final class CoreTaskRoutes implements TaskRoutes {

    private final Router router;
    private final String task;
    private final String prefix;
    /** Prefixes of the other tasks and the core's own paths, which a root-prefixed task may not shadow. */
    private final List<String> taken;
    private final TaskMetrics metrics;

    CoreTaskRoutes(Router router, String task, String prefix, List<String> taken, TaskMetrics metrics) {
        this.router = router;
        this.task = task;
        this.prefix = prefix;
        this.taken = taken;
        this.metrics = metrics;
    }

    @Override
    public void postJson(String path, JsonRoute handler) {
        Timer latency = requestTimer(path);
        router.post(full(path)).handler(ctx -> {
            long received = System.nanoTime();
            Replies.requireJson(ctx);
            Buffer b = ctx.body().buffer();
            JsonBody body = JsonBody.parseObject(b == null ? null : b.getBytes(), task + " " + path);
            run(ctx, handler, new TaskRequest(body, name -> param(ctx, name), received), latency);
        });
    }

    @Override
    public void getJson(String path, JsonRoute handler) {
        Timer latency = requestTimer(path);
        router.get(full(path)).handler(ctx -> run(ctx, handler,
                new TaskRequest(null, name -> param(ctx, name), System.nanoTime()), latency));
    }

    @Override
    public void raw(HttpMethod method, String path, Handler<RoutingContext> handler) {
        router.route(method, full(path)).handler(handler);
    }

    @Override
    public void rawRegex(HttpMethod method, String regex, Handler<RoutingContext> handler) {
        String rx = prefix.isEmpty() ? regex : java.util.regex.Pattern.quote(prefix) + regex;
        router.routeWithRegex(method, rx).handler(handler);
    }

    private void run(RoutingContext ctx, JsonRoute handler, TaskRequest request, Timer latency) {
        CompletionStage<?> reply = handler.handle(request);
        if (reply == null) {
            throw new IllegalStateException(task + ": route handler returned no future");
        }
        Replies.whenDone(ctx, reply.toCompletableFuture(), value -> {
            latency.record(System.nanoTime() - request.receivedNanos(), TimeUnit.NANOSECONDS);
            if (value instanceof TaskReply r) {
                Replies.json(ctx, r.status(), r.body());
            } else {
                Replies.json(ctx, 200, value);
            }
        });
    }

    private Timer requestTimer(String path) {
        return metrics.timer("http.requests", "answered JSON requests of this task's route, body parsed to reply",
                "route", path);
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        if (v == null) {
            throw RequestException.badRequest("missing path parameter \"" + name + "\"");
        }
        return v;
    }

    private String full(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(task + ": route paths start with '/', got '" + path + "'");
        }
        if (prefix.isEmpty()) {
            for (String t : taken) {
                if (path.equals(t) || path.startsWith(t + "/")) {
                    throw new IllegalArgumentException(task + ": route " + path + " lies under " + t
                            + ", which belongs to another task or the server core");
                }
            }
        }
        return prefix + path;
    }
}
