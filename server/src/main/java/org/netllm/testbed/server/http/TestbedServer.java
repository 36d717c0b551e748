package org.netllm.testbed.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.error.RequestException;
import org.netllm.testbed.server.metrics.ServerMetrics;
import org.netllm.testbed.server.net.DomainSockets;
import org.netllm.testbed.server.session.LinkFactory;
import org.netllm.testbed.server.session.SessionRegistry;
import org.netllm.testbed.server.session.TraceLibrary;
import org.netllm.testbed.server.session.VideoLibrary;

/**
 * The testbed's HTTP server: DASH hosting (shaped per session and unshaped), the session and
 * decision API (protocol.md), the Pensieve endpoint, the player page, health and metrics.
 * {@link #start()} binds and returns once listening; {@link #close()} ends active sessions and
 * stops everything it started.
 */
public final class TestbedServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TestbedServer.class.getName());
    /** The dashjs-client module packages the player here (served at /player/). */
    public static final String PLAYER_RESOURCES = "META-INF/resources/player";
    /** How often idle sessions are looked for. */
    private static final long EXPIRY_SCAN_MS = 5_000;
    private static final int INTERNAL_ERROR = 500;

    private final ServerConfig config;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final SessionRegistry sessions;
    private final ServerMetrics metrics;
    private final Router router;
    private HttpServer http;
    /** The same router on the Unix-domain decision socket, when configured. */
    private HttpServer socketHttp;
    private long expiryTimer = -1;

    public TestbedServer(ServerConfig config, AbrAlgorithms algorithms, VideoLibrary videos, LinkFactory links) {
        this.config = config;
        // the native transport only when a Unix socket is asked for: TCP-only runs keep the JDK transport
        this.vertx = config.decisionSocket().isPresent() ? DomainSockets.nativeVertx() : Vertx.vertx();
        this.workers = Executors.newFixedThreadPool(config.workerThreads(), daemonThreads("abr-decision-"));
        TraceLibrary traces = new TraceLibrary(config.tracesRoot());
        this.sessions = new SessionRegistry(config, algorithms, videos, traces, links, workers);
        this.metrics = new ServerMetrics(sessions::activeCount);
        this.router = Router.router(vertx);

        router.route().handler(Cors::handle);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
        router.route("/pensieve/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
        new SessionRoutes(sessions, metrics, config.link()).mount(router);
        new InfoRoutes(algorithms, videos, traces, sessions, metrics).mount(router);
        MediaHandler media = new MediaHandler(config.contentRoot(), sessions, metrics);
        router.getWithRegex(MediaHandler.UNSHAPED_PREFIX + ".+").handler(media::unshaped);
        router.headWithRegex(MediaHandler.UNSHAPED_PREFIX + ".+").handler(media::unshaped);
        router.getWithRegex("/s/(?<id>[^/]+)/content/.+").handler(media::shaped);
        router.headWithRegex("/s/(?<id>[^/]+)/content/.+").handler(media::shaped);
        router.route("/player/*").handler(StaticHandler.create(PLAYER_RESOURCES).setCachingEnabled(false));
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> Replies.error(ctx, 404, "no route for " + ctx.request().method() + " "
                + ctx.request().path()));
        router.errorHandler(405, ctx -> Replies.error(ctx, 405, "method " + ctx.request().method() + " not allowed on "
                + ctx.request().path()));
    }

    /** Binds; blocks until listening. */
    public TestbedServer start() {
        HttpServerOptions opts = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setCompressionSupported(false); // media must go out byte-exact and at link pace
        http = vertx.createHttpServer(opts).requestHandler(router).listen().await();
        if (config.decisionSocket().isPresent()) {
            DomainSockets.prepareForBind(config.decisionSocket().get());
            socketHttp = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false))
                    .requestHandler(router).listen(DomainSockets.address(config.decisionSocket().get())).await();
        }
        expiryTimer = vertx.setPeriodic(EXPIRY_SCAN_MS, t -> sessions.expireIdle(System.nanoTime()));
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

    public SessionRegistry sessions() {
        return sessions;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
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
        sessions.endAll("server shut down");
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        vertx.close().await();
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
