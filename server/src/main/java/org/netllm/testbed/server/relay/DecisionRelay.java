package org.netllm.testbed.server.relay;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.netllm.testbed.server.http.Cors;
import org.netllm.testbed.server.http.OriginPolicy;
import org.netllm.testbed.server.http.Replies;
import org.netllm.testbed.server.net.DomainSockets;

/**
 * The "decisions bypass the link" path under Mahimahi. GENET ran its ABR server inside the shell on
 * localhost, so decisions never paid the emulated link; our server runs once, outside. This relay runs
 * inside each shell on the namespace's loopback and forwards the decision API ({@code /api/...}:
 * session JSON, decision POSTs, {@code /events}, {@code /end}) and the player page ({@code /player/...})
 * to the server's Unix-domain socket, which the namespace reaches through the file system, unshaped.
 * Media keeps going to the server's TCP origin across mm-link. Serving the page from this origin
 * keeps the decision requests same-origin, so Chrome's private/local-network rules never apply to them.
 *
 * <p>Whole bodies are buffered (decisions are a few hundred bytes, the page's largest file ~1 MB).
 * Replies: the server's status and body with its Content-Type; CORS as the server's; 413 for a body
 * over the limit; 502 when the socket cannot be reached; 404 for anything else.
 */
public final class DecisionRelay implements AutoCloseable {

    /** Only these server headers are passed on; CORS is the relay's own, length is recomputed. */
    private static final List<CharSequence> PASSED_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CACHE_CONTROL,
            HttpHeaders.LAST_MODIFIED, HttpHeaders.ETAG);
    private static final int NOT_FOUND = 404;
    private static final int PAYLOAD_TOO_LARGE = 413;
    private static final int INTERNAL_ERROR = 500;
    private static final int BAD_GATEWAY = 502;
    /** Host header sent over the socket; the server does not route on it. */
    private static final String UPSTREAM_HOST = "localhost";
    /** docs/protocol.md §2: {@code POST /api/sessions/<id>/decision}. */
    private static final String DECISION_SUFFIX = "/decision";

    private final RelayConfig config;
    private final Vertx vertx;
    private final SocketAddress upstream;
    private final HttpClientAgent client;
    private HttpServer http;
    /** Decision POSTs answered by the server through this relay (tests and the relay's exit line check the path). */
    private final AtomicLong decisionsForwarded = new AtomicLong();

    public DecisionRelay(RelayConfig config) {
        this.config = config;
        this.vertx = DomainSockets.nativeVertx();
        this.upstream = DomainSockets.address(config.socket());
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
    }

    /** Binds; blocks until listening. Does not contact the socket (the server may start later). */
    public DecisionRelay start() {
        Router router = Router.router(vertx);
        router.route().handler(new Cors(OriginPolicy.localOnly())::handle); // the server's policy; preflights never cross to it
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
        router.route("/api/*").handler(this::forward);
        router.route("/player/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::forward);
        router.route().last().handler(ctx -> Replies.error(ctx, NOT_FOUND, "the decision relay forwards only /api/ and /player/, not "
                + ctx.request().path()));
        router.route().failureHandler(this::failure);
        http = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
                .requestHandler(router).listen().await();
        return this;
    }

    public int port() {
        return http.actualPort();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** Decision POSTs forwarded and answered so far. */
    public long decisionsForwarded() {
        return decisionsForwarded.get();
    }

    public RelayConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close().await();
        }
        client.close().await();
        vertx.close().await();
    }

    private void forward(RoutingContext ctx) {
        RequestOptions o = new RequestOptions().setServer(upstream).setHost(UPSTREAM_HOST).setMethod(ctx.request().method())
                .setURI(ctx.request().uri()).setConnectTimeout(config.upstreamTimeout().toMillis())
                .setIdleTimeout(config.upstreamTimeout().toMillis());
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            o.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        Buffer body = ctx.body().buffer();
        client.request(o)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Upstream(resp, b)))
                .onSuccess(u -> {
                    var reply = ctx.response().setStatusCode(u.response().statusCode());
                    for (CharSequence h : PASSED_HEADERS) {
                        String v = u.response().getHeader(h);
                        if (v != null) {
                            reply.putHeader(h, v);
                        }
                    }
                    if (ctx.request().method() == HttpMethod.POST && ctx.request().path().endsWith(DECISION_SUFFIX)) {
                        decisionsForwarded.incrementAndGet();
                    }
                    reply.end(u.body());
                })
                .onFailure(t -> Replies.error(ctx, BAD_GATEWAY, "decision relay: the server's socket " + config.socket()
                        + " is unreachable: " + describe(t)));
    }

    /** Netty's connect failures often carry no message; the class name then says what happened. */
    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private record Upstream(HttpClientResponse response, Buffer body) {
    }

    private void failure(RoutingContext ctx) {
        if (ctx.failure() instanceof org.netllm.testbed.server.spi.RequestException re) {
            Replies.error(ctx, re.status(), re.getMessage()); // Host/Origin refusals of the shared policy
        } else if (ctx.failure() == null && ctx.statusCode() == PAYLOAD_TOO_LARGE) {
            Replies.error(ctx, PAYLOAD_TOO_LARGE, "request body larger than " + config.bodyLimitBytes() + " bytes");
        } else if (ctx.failure() == null && ctx.statusCode() >= 400) {
            Replies.error(ctx, ctx.statusCode(), "request refused (" + ctx.statusCode() + ")");
        } else {
            Throwable t = ctx.failure();
            Replies.error(ctx, INTERNAL_ERROR, "decision relay: " + (t == null ? "internal error" : t.getClass().getSimpleName()
                    + ": " + t.getMessage()));
        }
    }

    /**
     * {@code java -cp ... org.netllm.testbed.server.relay.DecisionRelay --socket PATH [--host H] [--port N]
     * [--ready-file F]}: runs until killed. With {@code --ready-file}, the bound port is written there
     * (atomically) once listening, so a launching script can wait for it.
     */
    public static void main(String[] args) throws Exception {
        RelayArgs a;
        try {
            a = RelayArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("decision relay: " + e.getMessage());
            System.err.println(RelayArgs.USAGE);
            System.exit(2);
            return;
        }
        DecisionRelay relay = new DecisionRelay(a.config()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("decision relay stopping after " + relay.decisionsForwarded() + " decisions");
            relay.close();
            stopped.countDown();
        }, "decision-relay-shutdown"));
        if (a.readyFile() != null) {
            writeAtomically(a.readyFile(), Integer.toString(relay.port()));
        }
        System.out.println("decision relay on " + relay.baseUrl() + " -> unix:" + a.config().socket());
        stopped.await();
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The main class's arguments. */
    record RelayArgs(RelayConfig config, Path readyFile) {

        static final String USAGE = "usage: DecisionRelay --socket PATH [--host 127.0.0.1] [--port 0] [--ready-file FILE]";

        static RelayArgs parse(String[] args) {
            Path socket = null;
            String host = RelayConfig.DEFAULT_HOST;
            int port = 0;
            Path ready = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String v = args[++i];
                switch (flag) {
                    case "--socket" -> socket = Path.of(v);
                    case "--host" -> host = v;
                    case "--port" -> {
                        try {
                            port = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port must be a number, got '" + v + "'");
                        }
                    }
                    case "--ready-file" -> ready = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (socket == null) {
                throw new IllegalArgumentException("--socket PATH is required");
            }
            return new RelayArgs(new RelayConfig(host, port, socket, RelayConfig.DEFAULT_BODY_LIMIT_BYTES,
                    RelayConfig.DEFAULT_UPSTREAM_TIMEOUT), ready);
        }
    }
}
