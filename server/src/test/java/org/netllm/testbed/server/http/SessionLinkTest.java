package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.LinkCapacity;
import org.netllm.testbed.server.session.NetemLinks;

/** {@code GET /api/sessions/<id>/link} (docs/protocol.md §3.1) over loopback, with the production link factory. */
class SessionLinkTest {

    /** A step trace: one packet every 2 ms (6 Mbit/s) for 10 s, then every 4 ms (3 Mbit/s) until 60 s. */
    static final int STEP_AT_MS = 10_000;
    static final int TRACE_MS = 60_000;

    @TempDir
    Path tmp;
    ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        Path content = tmp.resolve("content");
        Path traces = tmp.resolve("traces");
        TestContent.write(content, ServerFixture.VIDEO, ServerFixture.CHUNKS, ServerFixture.BASE_BYTES);
        Files.createDirectories(traces.resolve("set-a"));
        StringBuilder s = new StringBuilder();
        for (int ms = 0; ms < STEP_AT_MS; ms += 2) {
            s.append(ms).append('\n');
        }
        for (int ms = STEP_AT_MS; ms <= TRACE_MS; ms += 4) {
            s.append(ms).append('\n');
        }
        Files.writeString(traces.resolve("set-a/step"), s.toString());
        ServerConfig cfg = ServerConfig.defaults(content, tmp.resolve("results"), traces).withPort(0);
        AbrTask abr = new AbrTask(cfg, StandardAlgorithms.baselines(), ContentVideoLibrary.dashContent(content), new NetemLinks());
        f = ServerFixture.around(tmp, new TestbedServer(cfg, List.of(abr), Optional.empty()).start(), abr);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String create(String link) throws Exception {
        HttpResponse<String> r = f.postJson("/api/sessions", "{\"algorithm\":\"bba\",\"video\":\"" + ServerFixture.VIDEO
                + "\",\"trace\":\"traces/set-a/step\",\"link\":" + link + "}");
        assertEquals(201, r.statusCode(), r.body());
        return ServerFixture.json(r).get("id").asText();
    }

    @Test
    void builtinLinkRepliesTheTracesCapacityPerBin() throws Exception {
        long before = System.currentTimeMillis();
        String id = create("{\"mode\":\"builtin\",\"delayMs\":25}");
        HttpResponse<String> r = f.get("/api/sessions/" + id + "/link");
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().contains(tmp.toString()), "no server paths in the reply: " + r.body());
        JsonNode j = ServerFixture.json(r);
        assertEquals("builtin", j.get("mode").asText());
        assertEquals(25, j.get("delayMs").asInt());
        long start = j.get("traceStartMs").asLong();
        assertTrue(start >= before - 5 && start <= System.currentTimeMillis() + 5, "trace time 0 is the session's creation: " + start);
        // the window covers at least the whole video (6 chunks of TestContent.CHUNK_S)
        long videoMs = Math.round(ServerFixture.CHUNKS * TestContent.CHUNK_S * 1000);
        assertTrue(j.get("windowMs").asLong() >= videoMs, r.body());
        assertEquals(LinkCapacity.MIN_BIN_MS, j.get("binMs").asLong());
        JsonNode t = j.get("capacity").get("tS");
        JsonNode mbps = j.get("capacity").get("mbps");
        assertEquals(t.size(), mbps.size());
        assertTrue(t.size() * LinkCapacity.MIN_BIN_MS >= videoMs, "bins cover the window: " + t.size());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i * 0.5, t.get(i).asDouble(), 1e-9);
            // 500 ms bins: 250 packets × 12 000 bit = 6 Mbit/s before the step, 125 packets = 3 Mbit/s after
            double expected = i * 500 < STEP_AT_MS ? 6.0 : 3.0;
            assertEquals(expected, mbps.get(i).asDouble(), 1e-9, "bin " + i);
        }
    }

    @Test
    void unshapedSessionHasNoCapacity() throws Exception {
        String id = create("{\"mode\":\"none\",\"delayMs\":7}");
        JsonNode j = ServerFixture.json(f.get("/api/sessions/" + id + "/link"));
        assertEquals("none", j.get("mode").asText());
        assertEquals(7, j.get("delayMs").asInt());
        assertTrue(j.get("capacity").isNull(), j.toString());
        assertTrue(j.get("traceStartMs").isNull(), j.toString());
    }

    @Test
    void unknownSessionIs404() throws Exception {
        HttpResponse<String> r = f.get("/api/sessions/s-nope/link");
        assertEquals(404, r.statusCode());
        assertTrue(ServerFixture.json(r).get("error").asText().contains("s-nope"), r.body());
    }

    @Test
    void longWindowsAreDownsampledToAtMost2000Points() {
        long tenHoursMs = 10L * 3600 * 1000;
        long bin = LinkCapacity.binFor(tenHoursMs);
        assertTrue((tenHoursMs + bin - 1) / bin <= LinkCapacity.MAX_POINTS, "bin " + bin);
        assertEquals(LinkCapacity.MIN_BIN_MS, LinkCapacity.binFor(60_000));
    }
}
