package org.netllm.testbed.server.http;

import org.netllm.testbed.server.spi.JsonBody;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.netllm.testbed.server.config.LinkSpec;
import org.netllm.testbed.server.decision.ChunkReport;
import org.netllm.testbed.server.decision.DecisionOutcome;
import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.metrics.AbrMetrics;
import org.netllm.testbed.server.spi.TaskRoutes;
import org.netllm.testbed.server.session.EndReason;
import org.netllm.testbed.server.session.LinkCapacity;
import org.netllm.testbed.server.session.Session;
import org.netllm.testbed.server.session.SessionRegistry;
import org.netllm.testbed.server.session.SessionRequest;

/** The session API of docs/protocol.md §1-4 and the Pensieve/GENET endpoint of §5. */
final class SessionRoutes {

    private final SessionRegistry sessions;
    private final AbrMetrics metrics;
    private final LinkSpec linkDefaults;
    private final Executor workers;
    /** Client events are written here, never on the decision workers. */
    private final Executor eventWriter;

    SessionRoutes(SessionRegistry sessions, AbrMetrics metrics, LinkSpec linkDefaults, Executor workers,
                  Executor eventWriter) {
        this.eventWriter = eventWriter;
        this.sessions = sessions;
        this.metrics = metrics;
        this.linkDefaults = linkDefaults;
        this.workers = workers;
    }

    void mount(TaskRoutes routes) {
        routes.raw(HttpMethod.POST, "/api/sessions", this::create);
        routes.raw(HttpMethod.GET, "/api/sessions/:id", this::get);
        routes.raw(HttpMethod.GET, "/api/sessions/:id/link", this::link);
        routes.raw(HttpMethod.POST, "/api/sessions/:id/decision", this::decision);
        routes.raw(HttpMethod.POST, "/api/sessions/:id/end", this::end);
        routes.raw(HttpMethod.POST, "/api/sessions/:id/events", this::events);
        routes.raw(HttpMethod.POST, "/pensieve/:id", this::pensieve);
    }

    /** Validated on the event loop; built on a worker (creation reads the trace file and makes the session folder). */
    private void create(RoutingContext ctx) {
        Replies.requireJson(ctx);
        SessionRequest req = RequestBodies.session(JsonBody.parseObject(bodyBytes(ctx), "session"), linkDefaults);
        Replies.whenDone(ctx, CompletableFuture.supplyAsync(() -> sessions.create(req), workers),
                s -> created(ctx, req, s));
    }

    private void created(RoutingContext ctx, SessionRequest req, Session s) {
        String id = s.id();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("algorithm", s.algorithmName()); // the registry's spelling
        reply.put("video", req.video());
        reply.put("manifestUrl", "/s/" + id + "/content/" + req.video() + "/manifest.mpd");
        reply.put("initialQuality", s.initialQuality());
        reply.put("totalChunks", s.video().chunks());
        reply.put("decisionUrl", "/api/sessions/" + id + "/decision");
        reply.put("pensieveUrl", "/pensieve/" + id + "?token=" + s.token()); // docs/protocol.md §5, for text/plain clients
        reply.put("playerUrl", "/player/index.html?session=" + id);
        Replies.json(ctx, 201, reply);
    }

    private void get(RoutingContext ctx) {
        Session s = sessions.get(ctx.pathParam("id"));
        Replies.whenDone(ctx, s.serially(s::view), v -> Replies.json(ctx, 200, v));
    }

    /** docs/protocol.md §3.1: link settings and the trace's capacity over the session window (bounded). */
    private void link(RoutingContext ctx) {
        Session s = sessions.get(ctx.pathParam("id"));
        Replies.whenDone(ctx, s.serially(s::view),
                v -> Replies.json(ctx, 200, LinkCapacity.of(s, v, System.currentTimeMillis())));
    }

    private void decision(RoutingContext ctx) {
        long received = System.nanoTime();
        Replies.requireJson(ctx);
        Session s = sessions.get(ctx.pathParam("id"));
        ChunkReport report = RequestBodies.decision(JsonBody.parseObject(bodyBytes(ctx), "decision"));
        decide(ctx, s, report, received, out -> Replies.json(ctx, 200, out));
    }

    /** The raw body bytes (null when there is none; {@link JsonBody} turns that into a 400). */
    private static byte[] bodyBytes(RoutingContext ctx) {
        Buffer b = ctx.body().buffer();
        return b == null ? null : b.getBytes();
    }

    /**
     * docs/reference/abr.md §8.6 step 9: text/plain decimal quality. A body with {@code pastThroughput} is
     * the end-of-load summary: logged as an event, no decision (docs/reference/abr.md §8.5).
     */
    private void pensieve(RoutingContext ctx) {
        long received = System.nanoTime();
        Session s = sessions.get(ctx.pathParam("id"));
        String ct = ctx.request().getHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE);
        boolean json = ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith(Replies.JSON);
        if (!json && !s.tokenMatches(ctx.request().getParam("token"))) {
            // a form post from any page needs no preflight: without a JSON type only the session's token will do
            throw new RequestException(RequestException.FORBIDDEN, "pensieve: a non-JSON body needs the session's "
                    + "token (?token=..., from pensieveUrl in the create reply)");
        }
        JsonBody body = JsonBody.parseObject(bodyBytes(ctx), "pensieve");
        if (body.has("pastThroughput")) {
            s.reserveEventBytes(ctx.body().length());
            Replies.whenDone(ctx, CompletableFuture.runAsync(
                    () -> s.appendEvents(List.of(body.node().put("type", "pensieve-summary"))), eventWriter),
                    v -> ctx.response().setStatusCode(200).putHeader("Content-Type", Replies.TEXT).end());
            return;
        }
        ChunkReport report = RequestBodies.pensieve(body);
        decide(ctx, s, report, received, out -> ctx.response().setStatusCode(200)
                .putHeader("Content-Type", Replies.TEXT).end(Integer.toString(out.quality())));
    }

    private void decide(RoutingContext ctx, Session s, ChunkReport report, long received,
                        java.util.function.Consumer<DecisionOutcome> reply) {
        Replies.whenDone(ctx, s.decide(report, received), out -> {
            metrics.recordDecision(out.algorithm(), out.decisionLatencyMs());
            long rttMs = s.request().link().decisionRttMs();
            if (rttMs > 0) {
                // decisionsCrossLink: the XHR pays the emulated RTT like a request through mm-link (docs/reference/abr.md §9.21)
                ctx.vertx().setTimer(rttMs, t -> reply.accept(out));
            } else {
                reply.accept(out);
            }
        });
    }

    private void end(RoutingContext ctx) {
        Replies.requireJson(ctx);
        Session s = sessions.get(ctx.pathParam("id"));
        JsonBody b = JsonBody.parseObject(ctx.body().asString(), "end");
        EndReason reason;
        try {
            reason = EndReason.parse(b.string("reason"));
        } catch (IllegalArgumentException e) {
            throw RequestException.badRequest("end: " + e.getMessage());
        }
        String detail = b.optionalString("detail");
        Replies.whenDone(ctx, s.serially(() -> s.end(reason, detail)), v -> Replies.json(ctx, 200, v));
    }

    private void events(RoutingContext ctx) {
        Replies.requireJson(ctx);
        Session s = sessions.get(ctx.pathParam("id"));
        JsonNode n = JsonBody.parse(ctx.body().asString(), "events");
        if (!(n instanceof ArrayNode arr)) {
            throw RequestException.badRequest("events: expected a JSON array, got " + n.getNodeType());
        }
        List<JsonNode> events = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonNode e = arr.get(i);
            if (!e.isObject() || !e.path("t").isNumber() || !e.path("type").isTextual()) {
                throw RequestException.badRequest("events[" + i + "]: needs a number \"t\" and a string \"type\"");
            }
            events.add(e);
        }
        s.reserveEventBytes(ctx.body().length());
        s.touch();
        Replies.whenDone(ctx, CompletableFuture.runAsync(() -> s.appendEvents(events), eventWriter),
                v -> ctx.response().setStatusCode(204).end());
    }
}
