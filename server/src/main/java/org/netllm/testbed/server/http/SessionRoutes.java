package org.netllm.testbed.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.server.config.LinkSpec;
import org.netllm.testbed.server.decision.ChunkReport;
import org.netllm.testbed.server.decision.DecisionOutcome;
import org.netllm.testbed.server.error.RequestException;
import org.netllm.testbed.server.metrics.ServerMetrics;
import org.netllm.testbed.server.session.EndReason;
import org.netllm.testbed.server.session.Session;
import org.netllm.testbed.server.session.SessionRegistry;
import org.netllm.testbed.server.session.SessionRequest;

/** The session API of protocol.md §1-4 and the Pensieve/GENET endpoint of §5. */
final class SessionRoutes {

    private final SessionRegistry sessions;
    private final ServerMetrics metrics;
    private final LinkSpec linkDefaults;

    SessionRoutes(SessionRegistry sessions, ServerMetrics metrics, LinkSpec linkDefaults) {
        this.sessions = sessions;
        this.metrics = metrics;
        this.linkDefaults = linkDefaults;
    }

    void mount(Router router) {
        // creation reads the trace file and creates the session folder: keep it off the event loop
        router.post("/api/sessions").blockingHandler(this::create, false);
        router.get("/api/sessions/:id").handler(this::get);
        router.post("/api/sessions/:id/decision").handler(this::decision);
        router.post("/api/sessions/:id/end").handler(this::end);
        router.post("/api/sessions/:id/events").handler(this::events);
        router.post("/pensieve/:id").handler(this::pensieve);
    }

    private void create(RoutingContext ctx) {
        Replies.requireJson(ctx);
        SessionRequest req = RequestBodies.session(JsonBody.parseObject(ctx.body().asString(), "session"), linkDefaults);
        Session s = sessions.create(req);
        String id = s.id();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("algorithm", req.algorithm());
        reply.put("video", req.video());
        reply.put("manifestUrl", "/s/" + id + "/content/" + req.video() + "/manifest.mpd");
        reply.put("initialQuality", s.initialQuality());
        reply.put("totalChunks", s.video().chunks());
        reply.put("decisionUrl", "/api/sessions/" + id + "/decision");
        reply.put("playerUrl", "/player/index.html?session=" + id);
        Replies.json(ctx, 201, reply);
    }

    private void get(RoutingContext ctx) {
        Session s = sessions.get(ctx.pathParam("id"));
        Replies.whenDone(ctx, s.serially(s::view), v -> Replies.json(ctx, 200, v));
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
     * abr-reference §8.6 step 9: text/plain decimal quality. A body with {@code pastThroughput} is
     * the end-of-load summary: logged as an event, no decision (§8.5).
     */
    private void pensieve(RoutingContext ctx) {
        long received = System.nanoTime();
        Session s = sessions.get(ctx.pathParam("id"));
        JsonBody body = JsonBody.parseObject(bodyBytes(ctx), "pensieve");
        if (body.has("pastThroughput")) {
            Replies.whenDone(ctx, s.serially(() -> {
                s.appendEvents(List.of(body.node().put("type", "pensieve-summary")));
                return null;
            }), v -> ctx.response().setStatusCode(200).putHeader("Content-Type", Replies.TEXT).end());
            return;
        }
        ChunkReport report = RequestBodies.pensieve(body);
        decide(ctx, s, report, received, out -> ctx.response().setStatusCode(200)
                .putHeader("Content-Type", Replies.TEXT).end(Integer.toString(out.quality())));
    }

    private void decide(RoutingContext ctx, Session s, ChunkReport report, long received,
                        java.util.function.Consumer<DecisionOutcome> reply) {
        Replies.whenDone(ctx, s.serially(() -> s.onChunk(report, received)), out -> {
            metrics.recordDecision(out.algorithm(), out.decisionLatencyMs());
            long rttMs = s.request().link().decisionRttMs();
            if (rttMs > 0) {
                // decisionsCrossLink: the XHR pays the emulated RTT like a request through mm-link (§9.21)
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
        Replies.whenDone(ctx, s.serially(() -> {
            s.appendEvents(events);
            return null;
        }), v -> ctx.response().setStatusCode(204).end());
    }
}
