package org.netllm.testbed.server.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;

/** A real relay in front of a real server listening on a real Unix-domain socket (no TCP between them). */
class DecisionRelayTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private Path socket() {
        return tmp.resolve("decisions.sock");
    }

    @Test
    void forwardsSessionCreateAndDecisionPostToTheSocket() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withDecisionSocket(socket()));
             DecisionRelay relay = new DecisionRelay(RelayConfig.of(socket(), 0)).start()) {
            assertTrue(Files.exists(socket()), "the server created its socket file");
            HttpResponse<String> created = post(relay, "/api/sessions", "{\"algorithm\":\"" + org.netllm.testbed.server.RecordingAlgorithm.NAME
                    + "\",\"video\":\"" + ServerFixture.VIDEO + "\",\"trace\":null,\"link\":{\"mode\":\"none\"}}");
            assertEquals(201, created.statusCode(), created.body());
            String id = ServerFixture.json(created).get("id").asText();
            assertEquals(1, f.abr.registry().activeCount(), "the create reached the server behind the socket");

            HttpResponse<String> r = post(relay, "/api/sessions/" + id + "/decision",
                    ServerFixture.decisionBody(0, 1, TestContent.size(1, 0, ServerFixture.BASE_BYTES), 3.9, 0));
            assertEquals(200, r.statusCode(), r.body());
            JsonNode j = ServerFixture.json(r);
            assertTrue(j.has("quality"), r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(1, f.recorders.get(0).seen.size(), "the algorithm saw exactly the relayed report");
            assertEquals(1, relay.decisionsForwarded());
            // the server's own log holds the chunk: the relay changed nothing in the body
            JsonNode line = ServerFixture.JSON.readTree(Files.readAllLines(f.results.resolve(id).resolve("chunks.jsonl")).get(0));
            assertEquals(0, line.get("chunk").asInt());
            assertEquals(TestContent.size(1, 0, ServerFixture.BASE_BYTES), line.get("bytes").asLong());
            assertEquals(j.get("quality").asInt(), line.get("nextQuality").asInt());

            HttpResponse<String> page = get(relay, "/player/index.html");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<video"), "the player page is served from the relay origin");
            // the relay never becomes a general proxy
            assertEquals(404, get(relay, "/s/" + id + "/content/" + ServerFixture.VIDEO + "/manifest.mpd").statusCode());
        }
    }

    @Test
    void answersCorsItselfAndOnce() throws Exception {
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withDecisionSocket(socket()));
             DecisionRelay relay = new DecisionRelay(RelayConfig.of(socket(), 0)).start()) {
            HttpResponse<String> pre = HTTP.send(HttpRequest.newBuilder(uri(relay, "/api/sessions/x/decision"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://10.0.0.1:8080")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, pre.statusCode());
            assertEquals("*", pre.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            assertTrue(pre.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Content-Type"));

            HttpResponse<String> g = get(relay, "/api/sessions/nope");
            assertEquals(404, g.statusCode(), "the server's 404 passes through");
            assertEquals(1, g.headers().allValues("Access-Control-Allow-Origin").size(), "one CORS header, not the server's too");
            assertTrue(ServerFixture.json(g).get("error").asText().contains("nope"), g.body());
        }
    }

    @Test
    void answers502WhenTheSocketIsGone() throws Exception {
        ServerFixture f = new ServerFixture(tmp, c -> c.withDecisionSocket(socket()));
        try (DecisionRelay relay = new DecisionRelay(RelayConfig.of(socket(), 0)).start()) {
            String id = f.createSession("bba");
            assertEquals(200, get(relay, "/api/sessions/" + id).statusCode());
            f.close();
            assertFalse(Files.exists(socket()), "the server removes its socket file on close");
            HttpResponse<String> r = post(relay, "/api/sessions/" + id + "/decision", ServerFixture.decisionBody(0, 1, 1000, 1, 0));
            assertEquals(502, r.statusCode(), r.body());
            assertTrue(ServerFixture.json(r).get("error").asText().contains(socket().toString()), r.body());
        }
    }

    @Test
    void answers502WhenNoServerEverListened() throws Exception {
        try (DecisionRelay relay = new DecisionRelay(RelayConfig.of(tmp.resolve("never.sock"), 0)).start()) {
            HttpResponse<String> r = get(relay, "/player/index.html");
            assertEquals(502, r.statusCode());
            assertTrue(r.body().contains("unreachable"), r.body());
        }
    }

    @Test
    void refusesOversizedBodiesWithoutForwarding() throws Exception {
        long limit = 1024;
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withDecisionSocket(socket()));
             DecisionRelay relay = new DecisionRelay(new RelayConfig(RelayConfig.DEFAULT_HOST, 0, socket(), limit,
                     RelayConfig.DEFAULT_UPSTREAM_TIMEOUT)).start()) {
            String id = f.createSession(org.netllm.testbed.server.RecordingAlgorithm.NAME);
            String big = "{\"pad\":\"" + "x".repeat((int) limit * 2) + "\"}";
            HttpResponse<String> r = post(relay, "/api/sessions/" + id + "/decision", big);
            assertEquals(413, r.statusCode(), r.body());
            assertTrue(ServerFixture.json(r).get("error").asText().contains("1024"), r.body());
            assertTrue(f.recorders.get(0).seen.isEmpty(), "nothing reached the algorithm");
            // a normal-sized body on the same relay still goes through
            assertEquals(200, post(relay, "/api/sessions/" + id + "/decision",
                    ServerFixture.decisionBody(0, 1, 1000, 1, 0)).statusCode());
        }
    }

    @Test
    void mainArgumentsAreChecked() {
        var a = DecisionRelay.RelayArgs.parse(new String[]{"--socket", tmp.resolve("s.sock").toString(), "--port", "8090",
                "--ready-file", tmp.resolve("ready").toString()});
        assertEquals(8090, a.config().port());
        assertEquals(tmp.resolve("ready"), a.readyFile());
        assertThrows(IllegalArgumentException.class, () -> DecisionRelay.RelayArgs.parse(new String[]{"--port", "1"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecisionRelay.RelayArgs.parse(new String[]{"--socket", "/x.sock", "--port", "eighty"}));
        assertTrue(e.getMessage().contains("eighty"));
        assertThrows(IllegalArgumentException.class, () -> DecisionRelay.RelayArgs.parse(new String[]{"--bogus", "1"}));
    }

    private static URI uri(DecisionRelay relay, String path) {
        return URI.create(relay.baseUrl() + path);
    }

    private static HttpResponse<String> get(DecisionRelay relay, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(relay, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(DecisionRelay relay, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(relay, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
