package org.netllm.testbed.server.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.server.ConstantRateLink;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.AbrTask;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.server.session.ContentVideoLibrary;

/**
 * A second task plugged in beside ABR through the SPI alone (real Vert.x on loopback): its JSON route under its
 * prefix with the core's validation/error replies, its catalog entry and metrics, bounded sessions, lifecycle.
 */
class TaskSeamTest {

    /** A toy-free stand-in for VP/CJS: a mean over a window, with episodes bounded by the table. */
    static class MeanTask implements ServerTask {
        final AtomicBoolean closed = new AtomicBoolean();
        SessionTable<Episode> episodes;

        @Override
        public String name() {
            return "mean";
        }

        @Override
        public void start(TaskContext ctx) {
            episodes = new SessionTable<>(name(), ctx.limits(), Duration.ofMinutes(1), ctx.blocking());
            ctx.routes().postJson("/predict", req -> {
                double[] xs = req.body().numbers("window");
                if (xs.length == 0) {
                    throw RequestException.badRequest("predict: \"window\" must not be empty");
                }
                return CompletableFuture.supplyAsync(() -> {
                    double sum = 0;
                    for (double x : xs) {
                        sum += x;
                    }
                    return Map.of("mean", sum / xs.length);
                }, ctx.blocking());
            });
            ctx.routes().postJson("/episodes", req -> CompletableFuture.completedFuture(
                    TaskReply.created(Map.of("id", episodes.create(Episode::new).id()))));
            ctx.routes().postJson("/episodes/:id/end", req -> {
                episodes.end(episodes.get(req.param("id")), "client");
                return CompletableFuture.completedFuture(Map.of("ended", true));
            });
        }

        @Override
        public Map<String, Object> catalog() {
            return Map.of("models", List.of("mean"));
        }

        @Override
        public Optional<TaskSessions> sessions() {
            return Optional.ofNullable(episodes);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static final class Episode implements TaskSession {
        private final String id;
        private volatile boolean active = true;

        Episode(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public long lastActivityNanos() {
            return System.nanoTime();
        }

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void end(String reason) {
            active = false;
        }
    }

    @TempDir
    Path tmp;
    ServerFixture f;
    MeanTask mean;

    @BeforeEach
    void start() throws Exception {
        Path content = tmp.resolve("content");
        TestContent.write(content, ServerFixture.VIDEO, 2, 1000);
        ServerConfig cfg = ServerConfig.defaults(content, tmp.resolve("results"), tmp.resolve("traces")).withPort(0)
                .withMaxSessions(2);
        mean = new MeanTask();
        AbrTask abr = new AbrTask(cfg, StandardAlgorithms.registry(), ContentVideoLibrary.dashContent(content),
                (spec, trace) -> new ConstantRateLink(1000, 0));
        f = ServerFixture.around(tmp, new TestbedServer(cfg, List.of(abr, mean), Optional.empty()).start(), abr);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void jsonRouteAnswersUnderItsPrefixAndValidationNamesTheField() throws Exception {
        HttpResponse<String> ok = f.postJson("/api/mean/predict", "{\"window\":[1,2,6]}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(3.0, ServerFixture.json(ok).get("mean").asDouble(), 1e-12);

        HttpResponse<String> missing = f.postJson("/api/mean/predict", "{}");
        assertEquals(400, missing.statusCode());
        assertTrue(ServerFixture.json(missing).get("error").asText().contains("\"window\""), missing.body());

        HttpResponse<String> wrongType = f.postJson("/api/mean/predict", "{\"window\":[1,\"x\"]}");
        assertEquals(400, wrongType.statusCode());
        assertTrue(ServerFixture.json(wrongType).get("error").asText().contains("\"window\"[1]"), wrongType.body());

        HttpResponse<String> notJson = f.post("/api/mean/predict", "text/plain", "{\"window\":[1]}");
        assertEquals(415, notJson.statusCode());
        assertTrue(notJson.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> huge = f.postJson("/api/mean/predict", "{\"window\":[" + "1,".repeat(200_000) + "1]}");
        assertEquals(413, huge.statusCode(), "the core's body limit applies to task routes");
    }

    @Test
    void catalogHealthAndMetricsListTheTask() throws Exception {
        f.postJson("/api/mean/predict", "{\"window\":[1]}");
        JsonNode cat = ServerFixture.json(f.get("/api/catalog")).get("tasks");
        assertEquals("[\"mean\"]", cat.get("mean").get("models").toString());
        assertTrue(cat.has("abr"));
        assertTrue(f.get("/metrics").body().contains("testbed_mean_http_requests_seconds_count{route=\"/predict\"} 1"));
        f.postJson("/api/mean/episodes", "{}");
        assertEquals(1, ServerFixture.json(f.get("/health")).get("tasks").get("mean").get("activeSessions").asInt());
    }

    @Test
    void sessionsAreBoundedAndEndedAtShutdown() throws Exception {
        String a = ServerFixture.json(f.postJson("/api/mean/episodes", "{}")).get("id").asText();
        assertEquals(201, f.postJson("/api/mean/episodes", "{}").statusCode());
        HttpResponse<String> third = f.postJson("/api/mean/episodes", "{}");
        assertEquals(503, third.statusCode(), third.body());
        assertEquals(200, f.postJson("/api/mean/episodes/" + a + "/end", "{}").statusCode());
        assertEquals(404, f.postJson("/api/mean/episodes/" + a + "/end", "{}").statusCode());
        assertEquals(201, f.postJson("/api/mean/episodes", "{}").statusCode(), "an ended episode frees its slot");
        f.close();
        assertTrue(mean.closed.get());
        assertEquals(0, mean.episodes.activeCount());
    }

    @Test
    void prefixesMayNotCollide() {
        ServerConfig cfg = ServerConfig.defaults(tmp, tmp, tmp).withPort(0);
        MeanTask other = new MeanTask();
        assertThrows(IllegalArgumentException.class,
                () -> new TestbedServer(cfg, List.of(mean, other), Optional.empty()));
        ServerTask metricsShadow = new MeanTask() {
            @Override
            public String prefix() {
                return "/metrics";
            }
        };
        assertThrows(IllegalArgumentException.class,
                () -> new TestbedServer(cfg, List.of(metricsShadow), Optional.empty()));
    }
}
