package org.netllm.testbed.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.metrics.ServerMetrics;
import org.netllm.testbed.server.net.DomainSockets;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.spi.ServerLimits;
import org.netllm.testbed.server.spi.ServerTask;
import org.netllm.testbed.server.spi.TaskContext;
import org.netllm.testbed.server.spi.TaskMetrics;
import org.netllm.testbed.server.spi.TaskRoutes;

/**
 * The testbed's HTTP server core: the router with the policies every task shares (CORS, body limit, JSON
 * failure replies), the player page, {@code /health}, {@code /metrics} and {@code /api/catalog}, and the tasks it
 * was composed with (docs/task-spi.md). It knows tasks only through {@link ServerTask}: ABR
 * ({@link AbrTask}), VP and CJS plug in the same way. {@link #start()} starts the tasks, binds and returns once
 * listening; {@link #close()} stops listening, ends the tasks' sessions, closes the tasks and stops what it
 * started. A {@link ModelService} passed in stays its owner's to close.
 */
public final class TestbedServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TestbedServer.class.getName());
    /** The dashjs-client module packages the player here (served at /player/). */
    public static final String PLAYER_RESOURCES = "META-INF/resources/player";
    /** How often idle sessions are looked for. */
    private static final long EXPIRY_SCAN_MS = 5_000;
    private static final int INTERNAL_ERROR = 500;

    /** The core's own paths, which no task may shadow. */
    static final List<String> CORE_PATHS = List.of("/health", "/metrics", "/api/catalog", "/player");

    private final ServerConfig config;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final List<ServerTask> tasks;
    private final Optional<ModelService> models;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Router router;
    private final List<ServerTask> started = new ArrayList<>();
    private HttpServer http;
    /** The same router on the Unix-domain decision socket, when configured. */
    private HttpServer socketHttp;
    private long expiryTimer = -1;
    private boolean closed;

    /**
     * @param tasks  the tasks to serve, in registration order (names and prefixes must be distinct)
     * @param models the process's model service, handed to every task; its owner closes it after this server
     */
    public TestbedServer(ServerConfig config, List<? extends ServerTask> tasks, Optional<ModelService> models) {
        this.config = config;
        this.tasks = List.copyOf(tasks);
        this.models = models;
        checkNames(this.tasks);
        // the native transport only when a Unix socket is asked for: TCP-only runs keep the JDK transport
        this.vertx = config.decisionSocket().isPresent() ? DomainSockets.nativeVertx() : Vertx.vertx();
        this.workers = Executors.newFixedThreadPool(config.workerThreads(), daemonThreads("server-worker-"));
        this.router = Router.router(vertx);

        router.route().handler(Cors::handle);
        // every task's POST bodies share one limit (413 past it); GETs carry none
        // (a method-restricted route would turn every unknown GET path into a 405, so the method is checked here)
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes());
        router.route().handler(ctx -> {
            if (ctx.request().method() == HttpMethod.POST) {
                bodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        new InfoRoutes(this.tasks, metrics, workers).mount(router);
        router.route("/player/*").handler(StaticHandler.create(PLAYER_RESOURCES).setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> Replies.error(ctx, 404, "no route for " + ctx.request().method() + " "
                + ctx.request().path()));
        router.errorHandler(405, ctx -> Replies.error(ctx, 405, "method " + ctx.request().method() + " not allowed on "
                + ctx.request().path()));
    }

    /** Names match {@link ServerTask#NAME} and are unique; prefixes are unique and off the core's paths. */
    private static void checkNames(List<ServerTask> tasks) {
        Set<String> names = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (ServerTask t : tasks) {
            if (!ServerTask.NAME.matcher(t.name()).matches()) {
                throw new IllegalArgumentException("task name '" + t.name() + "' must match " + ServerTask.NAME);
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two tasks are named '" + t.name() + "'");
            }
            String p = t.prefix();
            if (!p.isEmpty() && (!p.startsWith("/") || p.endsWith("/"))) {
                throw new IllegalArgumentException("task " + t.name() + ": prefix '" + p + "' must start and not end "
                        + "with '/' (or be empty)");
            }
            if (!prefixes.add(p)) {
                throw new IllegalArgumentException("task " + t.name() + ": prefix '" + p + "' is taken by another task");
            }
            for (String core : CORE_PATHS) {
                if (!p.isEmpty() && (p.equals(core) || p.startsWith(core + "/") || core.startsWith(p + "/"))) {
                    throw new IllegalArgumentException("task " + t.name() + ": prefix '" + p + "' overlaps the "
                            + "server's own " + core);
                }
            }
        }
    }

    /** Starts every task (routes, models) in order; a failing task closes those already started. */
    private void startTasks() {
        for (ServerTask t : tasks) {
            List<String> taken = new ArrayList<>(CORE_PATHS);
            tasks.stream().filter(o -> o != t && !o.prefix().isEmpty()).forEach(o -> taken.add(o.prefix()));
            TaskMetrics meters = metrics.forTask(t.name());
            TaskRoutes routes = new CoreTaskRoutes(router, t.name(), t.prefix(), taken, meters);
            try {
                t.start(new Context(routes, meters, t.name()));
            } catch (Exception e) {
                closeTasks();
                throw new IllegalStateException("task " + t.name() + " failed to start: " + e.getMessage(), e);
            }
            started.add(t);
        }
    }

    /** What one task sees of the server. */
    private final class Context implements TaskContext {
        private final TaskRoutes routes;
        private final TaskMetrics meters;
        private final String task;

        Context(TaskRoutes routes, TaskMetrics meters, String task) {
            this.routes = routes;
            this.meters = meters;
            this.task = task;
        }

        @Override
        public TaskRoutes routes() {
            return routes;
        }

        @Override
        public TaskMetrics metrics() {
            return meters;
        }

        @Override
        public Optional<ModelService> models() {
            return models;
        }

        @Override
        public Executor blocking() {
            return workers;
        }

        @Override
        public Vertx vertx() {
            return vertx;
        }

        @Override
        public ServerLimits limits() {
            return config.limits();
        }

        @Override
        public Path resultsDir() {
            return config.resultsDir().resolve(task);
        }
    }

    /** Binds; blocks until listening. */
    public TestbedServer start() {
        startTasks();
        HttpServerOptions opts = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setCompressionSupported(false); // media must go out byte-exact and at link pace
        http = vertx.createHttpServer(opts).requestHandler(router).listen().await();
        if (config.decisionSocket().isPresent()) {
            DomainSockets.prepareForBind(config.decisionSocket().get());
            socketHttp = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false))
                    .requestHandler(router).listen(DomainSockets.address(config.decisionSocket().get())).await();
        }
        expiryTimer = vertx.setPeriodic(EXPIRY_SCAN_MS, t -> {
            long now = System.nanoTime();
            for (ServerTask task : started) {
                task.sessions().ifPresent(s -> s.expireIdle(now));
            }
        });
        return this;
    }

    public int port() {
        return http.actualPort();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    public ServerConfig config() {
        return config;
    }

    /** The tasks this server was composed with. */
    public List<ServerTask> tasks() {
        return tasks;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /** Idempotent: a second call returns at once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (expiryTimer >= 0) {
            vertx.cancelTimer(expiryTimer);
        }
        if (http != null) {
            http.close().await();
        }
        if (socketHttp != null) {
            socketHttp.close().await();
            DomainSockets.removeQuietly(config.decisionSocket().get());
        }
        closeTasks();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        vertx.close().await();
    }

    /** Ends each started task's sessions, then closes the tasks, newest first; one failure does not stop the rest. */
    private void closeTasks() {
        for (int i = started.size() - 1; i >= 0; i--) {
            ServerTask t = started.get(i);
            try {
                t.sessions().ifPresent(s -> s.endAll("server shut down"));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task " + t.name() + ": ending its sessions failed", e);
            }
            try {
                t.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task " + t.name() + ": close failed", e);
            }
        }
        started.clear();
    }

    /** Request errors → their 4xx; anything else is our bug → 500 with the message, logged. */
    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        int status;
        String message;
        if (t instanceof RequestException re) {
            status = re.status();
            message = re.getMessage();
        } else if (t == null && ctx.statusCode() == RequestException.PAYLOAD_TOO_LARGE) {
            status = ctx.statusCode();
            message = "request body larger than " + config.bodyLimitBytes() + " bytes";
        } else if (t == null && ctx.statusCode() >= 400 && ctx.statusCode() < INTERNAL_ERROR) {
            status = ctx.statusCode();
            message = "request refused (" + status + ")";
        } else {
            status = INTERNAL_ERROR;
            message = t == null ? "internal error" : t.getClass().getSimpleName() + ": " + t.getMessage();
            LOG.log(Level.WARNING, "internal error on " + ctx.request().method() + " " + ctx.request().path(), t);
        }
        metrics.error(status);
        Replies.error(ctx, status, message);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
