package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netllm.testbed.server.ServerFixture;

/** Every kind of bad request gets a 4xx with {"error": "..."} naming the problem, and the session survives. */
class BadRequestTest {

    @TempDir
    static Path tmp;
    static ServerFixture f;
    static String id;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(tmp, c -> c.withBodyLimit(4096));
        id = f.createSession("fixed-3");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String mentions) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        String err = ServerFixture.json(r).get("error").asText();
        assertTrue(err.contains(mentions), "error '" + err + "' should mention '" + mentions + "'");
    }

    @ParameterizedTest(name = "create {0}")
    @CsvSource(delimiter = '|', value = {
        "{bad json|malformed JSON",
        "[1,2]|expected a JSON object",
        "{\"video\":\"testvid\",\"trace\":\"traces/set-a/const\"}|algorithm",
        "{\"algorithm\":3,\"video\":\"testvid\"}|\"algorithm\" must be a string",
        "{\"algorithm\":\"nope\",\"video\":\"testvid\",\"trace\":\"traces/set-a/const\"}|unknown ABR algorithm 'nope'",
        "{\"algorithm\":\"fixed-3\",\"video\":\"other\",\"trace\":\"traces/set-a/const\"}|video \"other\" not found",
        "{\"algorithm\":\"fixed-3\",\"video\":\"../x\",\"trace\":\"traces/set-a/const\"}|video \"../x\"",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\"}|trace: required",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\",\"trace\":\"traces/set-a/missing\"}|not found",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\",\"trace\":\"traces/../../etc/passwd\"}|refused",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\",\"trace\":\"elsewhere/x\"}|ids start with",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\",\"trace\":\"traces/set-a/const\",\"link\":{\"mode\":\"fast\"}}|link.mode",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\",\"trace\":\"traces/set-a/const\",\"link\":{\"delayMs\":-1}}|delayMs",
        "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\",\"trace\":\"traces/set-a/const\",\"link\":{\"delayMs\":1.5}}|must be an integer",
    })
    void badCreateBodies(String body, String mentions) throws Exception {
        int status = mentions.contains("not found") ? 404 : mentions.equals("refused") ? 403 : 400;
        assertError(f.postJson("/api/sessions", body), status, mentions);
    }

    @ParameterizedTest(name = "decision {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"chunkIndex\":\"0\",\"quality\":1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":5}|\"chunkIndex\" must be a number",
        "{\"chunkIndex\":0,\"quality\":9,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":5}|quality 9 outside 0..5",
        "{\"chunkIndex\":0,\"quality\":-1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":5}|out of range",
        "{\"chunkIndex\":0,\"quality\":1,\"bufferS\":-1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":5}|bufferS",
        "{\"chunkIndex\":0,\"quality\":1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":5,\"endTimeMs\":2,\"bytes\":5}|firstByteTimeMs <= endTimeMs",
        "{\"chunkIndex\":0,\"quality\":1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":0}|bytes",
        "{\"chunkIndex\":0,\"quality\":1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2}|missing field \"bytes\"",
        "{\"chunkIndex\":3,\"quality\":1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":5}|expected 0",
        "{\"chunkIndex\":0.5,\"quality\":1,\"bufferS\":1,\"rebufferMs\":0,\"firstByteTimeMs\":1,\"endTimeMs\":2,\"bytes\":5}|must be an integer",
    })
    void badDecisionBodies(String body, String mentions) throws Exception {
        int status = mentions.startsWith("expected") ? 409 : 400;
        assertError(f.postJson("/api/sessions/" + id + "/decision", body), status, mentions);
    }

    @Test
    void sessionSurvivesBadRequestsAndRejectsRebufferGoingBack() throws Exception {
        String s = f.createSession("fixed-3");
        assertEquals(400, f.postJson("/api/sessions/" + s + "/decision", "{oops").statusCode());
        assertEquals(200, f.postJson("/api/sessions/" + s + "/decision", ServerFixture.decisionBody(0, 1, 10, 1, 900)).statusCode());
        assertError(f.postJson("/api/sessions/" + s + "/decision", ServerFixture.decisionBody(1, 1, 10, 1, 800)), 400,
                "cumulative");
        assertError(f.postJson("/api/sessions/" + s + "/decision", ServerFixture.decisionBody(0, 1, 10, 1, 900)), 409,
                "expected 1");
        assertEquals(200, f.postJson("/api/sessions/" + s + "/decision", ServerFixture.decisionBody(1, 3, 10, 1, 900)).statusCode());
    }

    @Test
    void unknownSessionWrongContentTypeOversizedAndBadEnd() throws Exception {
        assertError(f.postJson("/api/sessions/s-nope/decision", ServerFixture.decisionBody(0, 1, 10, 1, 0)), 404, "s-nope");
        assertError(f.get("/api/sessions/s-nope"), 404, "s-nope");
        assertError(f.post("/api/sessions/" + id + "/decision", "text/plain", ServerFixture.decisionBody(0, 1, 10, 1, 0)),
                415, "Content-Type");
        assertError(f.postJson("/api/sessions", "{\"label\":\"" + "x".repeat(5000) + "\"}"), 413, "larger than 4096");
        assertError(f.postJson("/api/sessions/" + id + "/end", "{\"reason\":\"bored\"}"), 400, "reason");
        assertError(f.postJson("/api/sessions/" + id + "/events", "{\"t\":1}"), 400, "array");
        assertError(f.postJson("/api/sessions/" + id + "/events", "[{\"t\":1}]"), 400, "events[0]");
        assertError(f.get("/no/such/route"), 404, "no route");
        assertError(f.post("/pensieve/" + id, "application/json", "{\"lastRequest\":0}"), 400, "lastquality");
        assertError(f.post("/pensieve/" + id, "text/plain", "{\"lastRequest\":0}"), 403, "token");
    }

    @Test
    void endingTwiceIsAConflict() throws Exception {
        String s = f.createSession("fixed-3");
        assertEquals(200, f.postJson("/api/sessions/" + s + "/end", "{\"reason\":\"error\",\"detail\":\"x\"}").statusCode());
        assertError(f.postJson("/api/sessions/" + s + "/end", "{\"reason\":\"ended\"}"), 409, "has ended");
    }
}
