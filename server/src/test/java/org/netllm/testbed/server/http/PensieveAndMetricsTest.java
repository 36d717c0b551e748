package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;

/** The Pensieve/GENET text endpoint (docs/protocol.md §5), /health, /metrics and /api/catalog. */
class PensieveAndMetricsTest {

    @TempDir
    static Path tmp;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(tmp);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** docs/reference/abr.md §8.5 example body. */
    private static String pensieveBody(int lastRequest, int lastQuality, long rebufMs) {
        return "{\"lastRequest\":" + lastRequest + ",\"lastquality\":" + lastQuality + ",\"buffer\":4.79,"
                + "\"bufferAdjusted\":0.24,\"RebufferTime\":" + rebufMs + ",\"lastChunkStartTime\":1611459170508,"
                + "\"lastChunkFinishTime\":1611459172006,\"lastChunkSize\":2289689,\"bandwidthEst\":1234.5,"
                + "\"nextChunkSize\":[1,2,3]}";
    }

    @Test
    void pensieveEndpointRepliesPlainQualityAndLogsSummaries() throws Exception {
        JsonNode created = f.createSessionReply("fixed-3");
        String id = created.get("id").asText();
        String url = created.get("pensieveUrl").asText(); // carries the session's token: GENET posts text/plain
        HttpResponse<String> r = f.post(url, "text/plain", pensieveBody(0, 1, 752));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("3", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "never '*'; none without Origin");

        List<String> lines = Files.readAllLines(f.results.resolve(id).resolve("chunks.jsonl"));
        JsonNode line = ServerFixture.JSON.readTree(lines.get(0));
        assertEquals(1498.0, line.get("downloadMs").asDouble(), 1e-9, "finish - start (docs/reference/abr.md §8.6 step 3)");
        assertEquals(0.752, line.get("rebufferS").asDouble(), 1e-9);
        assertTrue(line.get("requestTimeMs").isNull());

        HttpResponse<String> summary = f.post(url, "text/plain", "{\"pastThroughput\":[1,2]}");
        assertEquals(200, summary.statusCode());
        assertEquals("", summary.body());
        assertTrue(Files.readString(f.results.resolve(id).resolve("events.jsonl")).contains("pastThroughput"));
        assertEquals(1, Files.readAllLines(f.results.resolve(id).resolve("chunks.jsonl")).size(), "no decision logged");
    }

    @Test
    void metricsHealthAndCatalog() throws Exception {
        String id = f.createSession("fixed-3");
        f.postJson("/api/sessions/" + id + "/decision", ServerFixture.decisionBody(0, 1, 1000, 1, 0));
        f.postJson("/api/sessions/s-none/decision", ServerFixture.decisionBody(0, 1, 1000, 1, 0));
        f.get("/content/testvid/0/1.m4s");

        HttpResponse<String> m = f.get("/metrics");
        assertEquals(200, m.statusCode());
        String text = m.body();
        assertTrue(text.contains("testbed_abr_decision_latency_seconds_bucket{algorithm=\"fixed-3\""), text);
        assertTrue(text.contains("testbed_abr_decisions_total{algorithm=\"fixed-3\"}"), text);
        assertTrue(text.contains("testbed_abr_sessions_active"), text);
        assertTrue(text.contains("testbed_abr_bytes_served_total{shaping=\"unshaped\"}"), text);
        assertTrue(text.contains("testbed_errors_total{status=\"404\"}"), text);

        JsonNode health = ServerFixture.json(f.get("/health"));
        assertEquals("ok", health.get("status").asText());
        assertTrue(health.get("activeSessions").asInt() >= 1);
        assertEquals(health.get("activeSessions").asInt(), health.get("tasks").get("abr").get("activeSessions").asInt());

        JsonNode cat = ServerFixture.json(f.get("/api/catalog")).get("tasks").get("abr");
        assertTrue(cat.get("algorithms").toString().contains("fixed-3"));
        assertEquals("[\"testvid\"]", cat.get("videos").toString());
        assertEquals("[\"traces/set-a/const\"]", cat.get("traces").toString());
    }
}
