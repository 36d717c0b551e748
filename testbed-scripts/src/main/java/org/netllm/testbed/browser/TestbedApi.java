package org.netllm.testbed.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The server's session API (docs/protocol.md §1, §3) over HTTP. */
public final class TestbedApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final ObjectMapper json;
    private final HttpClient http;

    public TestbedApi(URI base, ObjectMapper json) {
        this.base = base;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    }

    public URI base() {
        return base;
    }

    /** What a session is created with (docs/protocol.md §1). */
    public record NewSession(String algorithm, String video, String trace, String linkMode, int delayMs, String label) {
    }

    /** The server's reply to a create. */
    public record SessionInfo(String id, String manifestUrl, int initialQuality, int totalChunks, String playerUrl,
                              JsonNode raw) {
    }

    public SessionInfo create(NewSession s) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("algorithm", s.algorithm());
        body.put("video", s.video());
        if (s.trace() == null) {
            body.putNull("trace");
        } else {
            body.put("trace", s.trace());
        }
        ObjectNode link = body.putObject("link");
        link.put("mode", s.linkMode());
        link.put("delayMs", s.delayMs());
        link.put("decisionsCrossLink", false);
        if (s.label() != null) {
            body.put("label", s.label());
        }
        JsonNode r = post("/api/sessions", body, 201);
        return new SessionInfo(required(r, "id").asText(), required(r, "manifestUrl").asText(),
                required(r, "initialQuality").asInt(), required(r, "totalChunks").asInt(),
                required(r, "playerUrl").asText(), r);
    }

    public JsonNode get(String id) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/api/sessions/" + id)).timeout(REQUEST_TIMEOUT).GET().build();
        return check(http.send(req, HttpResponse.BodyHandlers.ofString()), 200, "GET /api/sessions/" + id);
    }

    public JsonNode end(String id, String reason, String detail) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("reason", reason).put("detail", detail);
        return post("/api/sessions/" + id + "/end", body, 200);
    }

    private JsonNode post(String path, JsonNode body, int expected) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        return check(http.send(req, HttpResponse.BodyHandlers.ofString()), expected, "POST " + path);
    }

    private JsonNode check(HttpResponse<String> resp, int expected, String what) throws IOException {
        if (resp.statusCode() != expected) {
            throw new IOException(what + " on " + base + " answered " + resp.statusCode() + ": " + resp.body());
        }
        try {
            return json.readTree(resp.body());
        } catch (IOException e) {
            throw new IOException(what + " on " + base + ": reply is not JSON: " + resp.body(), e);
        }
    }

    private static JsonNode required(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("session create reply lacks \"" + field + "\": " + n);
        }
        return v;
    }
}
