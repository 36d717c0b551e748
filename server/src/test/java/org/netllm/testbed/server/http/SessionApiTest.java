package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.server.RecordingAlgorithm;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;

/** Session lifecycle, decision correctness, observation building, JSONL log and QoE over real HTTP. */
class SessionApiTest {

    @TempDir
    Path tmp;
    ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ServerFixture(tmp);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void createReturnsProtocolFields() throws Exception {
        HttpResponse<String> r = f.postJson("/api/sessions", "{\"algorithm\":\"fixed-3\",\"video\":\"testvid\","
                + "\"trace\":\"traces/set-a/const\",\"label\":\"x\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode j = ServerFixture.json(r);
        String id = j.get("id").asText();
        assertTrue(id.startsWith("s-"), id);
        assertEquals("/s/" + id + "/content/testvid/manifest.mpd", j.get("manifestUrl").asText());
        assertEquals("/api/sessions/" + id + "/decision", j.get("decisionUrl").asText());
        assertEquals("/player/index.html?session=" + id, j.get("playerUrl").asText());
        assertEquals(1, j.get("initialQuality").asInt());
        assertEquals(ServerFixture.CHUNKS, j.get("totalChunks").asInt());
        assertEquals("fixed-3", j.get("algorithm").asText());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "never '*' (issue 11)");
    }

    @Test
    void fixedAlgorithmAnswersItsQualityForTheNextChunk() throws Exception {
        String id = f.createSession("fixed-3");
        HttpResponse<String> r = f.postJson("/api/sessions/" + id + "/decision",
                ServerFixture.decisionBody(0, 1, TestContent.size(1, 0, ServerFixture.BASE_BYTES), 3.9, 812));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = ServerFixture.json(r);
        assertEquals(3, j.get("quality").asInt());
        assertEquals(1, j.get("chunk").asInt());
        assertEquals("fixed-3", j.get("algorithm").asText());
        assertTrue(j.get("decisionLatencyMs").asDouble() >= 0);
    }

    /** docs/reference/abr.md §6.1: reservoir 5 s, cushion 10 s, q = ⌊5·(buffer − 5)/10⌋ on the reported buffer. */
    @Test
    void bbaDecidesFromTheReportedBuffer() throws Exception {
        String id = f.createSession("bba");
        double[] buffers = {3.0, 7.3, 12.9, 15.0, 40.0};
        int[] expected = {0, 1, 3, 5, 5};
        for (int k = 0; k < buffers.length; k++) {
            HttpResponse<String> r = f.postJson("/api/sessions/" + id + "/decision",
                    ServerFixture.decisionBody(k, 1, 5000, buffers[k], 0));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(expected[k], ServerFixture.json(r).get("quality").asInt(), "buffer " + buffers[k]);
            assertEquals("bba", ServerFixture.json(r).get("algorithm").asText());
        }
    }

    @Test
    void robustMpcRunsThroughTheServer() throws Exception {
        String id = f.createSession("robustmpc");
        int q = 1;
        for (int k = 0; k < ServerFixture.CHUNKS; k++) {
            HttpResponse<String> r = f.postJson("/api/sessions/" + id + "/decision",
                    ServerFixture.decisionBody(k, q, TestContent.size(q, k, ServerFixture.BASE_BYTES), 8.0, 0));
            assertEquals(200, r.statusCode(), r.body());
            q = ServerFixture.json(r).get("quality").asInt();
            assertTrue(q >= 0 && q <= 5, "quality " + q);
        }
    }

    @Test
    void fullSessionBuildsObservationsLogsEveryLineAndScoresQoe() throws Exception {
        String id = f.createSession(RecordingAlgorithm.NAME);
        int n = ServerFixture.CHUNKS;
        int levels = TestContent.LADDER_KBPS.length;
        Path log = f.results.resolve(id).resolve("chunks.jsonl");
        double rewardSum = 0;
        int prevQ = 0;
        for (int k = 0; k < n; k++) {
            int q = k == 0 ? 1 : RecordingAlgorithm.answer(k - 1, levels);
            long bytes = TestContent.size(q, k, ServerFixture.BASE_BYTES);
            long cumRebuf = 500 + 100L * k;
            HttpResponse<String> r = f.postJson("/api/sessions/" + id + "/decision",
                    ServerFixture.decisionBody(k, q, bytes, 2.0 + k, cumRebuf));
            assertEquals(200, r.statusCode(), r.body());
            int expected = k < n - 1 ? RecordingAlgorithm.answer(k, levels) : q; // last reply echoes (docs/reference/abr.md §8.7)
            assertEquals(expected, ServerFixture.json(r).get("quality").asInt(), "reply to chunk " + k);

            // flushed per line: the line is on disk before the reply
            List<String> lines = Files.readAllLines(log);
            assertEquals(k + 1, lines.size());
            JsonNode line = ServerFixture.JSON.readTree(lines.get(k));
            assertEquals(k, line.get("chunk").asInt());
            assertEquals(q, line.get("quality").asInt());
            assertEquals(TestContent.LADDER_KBPS[q], line.get("bitrateKbps").asInt());
            assertEquals(bytes, line.get("bytes").asLong());
            assertEquals(250.0, line.get("downloadMs").asDouble(), 1e-9);
            assertEquals(bytes * 8.0 / 250.0 / 1000.0, line.get("throughputMbps").asDouble(), 1e-9);
            assertEquals(expected, line.get("nextQuality").asInt());
            double rebufS = k == 0 ? 0.5 : 0.1;
            assertEquals(rebufS, line.get("rebufferS").asDouble(), 1e-9);
            double reward = QoeParams.NETLLM.reward(TestContent.LADDER_KBPS[q], TestContent.LADDER_KBPS[prevQ], rebufS);
            assertEquals(reward, line.get("reward").asDouble(), 1e-9);
            assertEquals(RecordingAlgorithm.NAME, line.get("algorithm").asText());
            if (k > 0) {
                rewardSum += reward; // docs/reference/abr.md §4.2: chunk 0 not scored
            }
            prevQ = q;
        }

        List<AbrObservation> seen = f.recorders.get(0).seen;
        assertEquals(n - 1, seen.size(), "the last chunk's decision does not reach the algorithm");
        for (int k = 0; k < n - 1; k++) {
            AbrObservation o = seen.get(k);
            assertEquals(k, o.chunkIndex());
            assertEquals(k == 0 ? 0.5 : 0.1, o.rebufferS(), 1e-9, "rebuffer is the delta of the cumulative value");
            assertEquals(250.0, o.downloadMs(), 1e-9, "end - first byte");
            assertEquals(n - (k + 1), o.chunksRemaining());
            assertEquals(2.0 + k, o.bufferS(), 1e-9);
            for (int q = 0; q < levels; q++) {
                assertEquals(TestContent.size(q, k + 1, ServerFixture.BASE_BYTES), o.nextSizesBytes()[q]);
            }
        }

        HttpResponse<String> end = f.postJson("/api/sessions/" + id + "/end", "{\"reason\":\"ended\"}");
        assertEquals(200, end.statusCode(), end.body());
        RecordingAlgorithm rec = f.recorders.get(f.recorders.size() - 1);
        assertEquals(1, rec.closes.get(), "the session closes its AutoCloseable algorithm at its end");
        JsonNode s = ServerFixture.json(end);
        assertEquals(n, s.get("chunks").asInt());
        assertEquals(rewardSum / (n - 1), s.get("qoe").get("mean").asDouble(), 1e-9);
        assertEquals(4.3, s.get("qoe").get("lambda").asDouble(), 0);
        JsonNode qoe = s.get("qoe");
        assertEquals(qoe.get("mean").asDouble(), qoe.get("bitrateMbps").asDouble() - 4.3 * qoe.get("rebufferS").asDouble()
                - qoe.get("smoothnessMbps").asDouble(), 1e-9, "the terms decompose the score");

        JsonNode got = ServerFixture.json(f.get("/api/sessions/" + id));
        assertEquals("ended", got.get("state").asText());
        JsonNode file = ServerFixture.JSON.readTree(f.results.resolve(id).resolve("session.json").toFile());
        assertEquals("ended", file.get("reason").asText());
        assertEquals(rewardSum / (n - 1), file.get("qoe").get("mean").asDouble(), 1e-9);
        assertEquals("traces/set-a/const", file.get("trace").asText());

        HttpResponse<String> late = f.postJson("/api/sessions/" + id + "/decision",
                ServerFixture.decisionBody(n, 0, 1000, 1, 10_000));
        assertEquals(409, late.statusCode(), late.body());
    }

    @Test
    void eventsAreAppendedAndIdleSessionsTimeOut() throws Exception {
        String id = f.createSession("fixed-3");
        HttpResponse<String> ev = f.postJson("/api/sessions/" + id + "/events",
                "[{\"t\":1,\"type\":\"play\"},{\"t\":2,\"type\":\"stall\",\"x\":3}]");
        assertEquals(204, ev.statusCode(), ev.body());
        assertEquals(2, Files.readAllLines(f.results.resolve(id).resolve("events.jsonl")).size());

        long farFuture = System.nanoTime() + f.server.config().sessionIdle().toNanos() * 2;
        f.abr.registry().expireIdleSessions(farFuture).forEach(java.util.concurrent.CompletableFuture::join);
        JsonNode got = ServerFixture.json(f.get("/api/sessions/" + id));
        assertEquals("ended", got.get("state").asText());
        assertEquals("timeout", got.get("reason").asText());
        assertTrue(Files.exists(f.results.resolve(id).resolve("session.json")));
    }

    @Test
    void sessionsAreIsolated() throws Exception {
        String a = f.createSession("fixed-3");
        String b = f.createSession(RecordingAlgorithm.NAME);
        assertEquals(200, f.postJson("/api/sessions/" + a + "/decision",
                ServerFixture.decisionBody(0, 1, 1000, 1, 0)).statusCode());
        // b has seen nothing: its first report must be chunk 0, and it answers with its own algorithm
        HttpResponse<String> rb = f.postJson("/api/sessions/" + b + "/decision", ServerFixture.decisionBody(0, 1, 1000, 1, 0));
        assertEquals(RecordingAlgorithm.answer(0, 6), ServerFixture.json(rb).get("quality").asInt());
        assertEquals(1, f.recorders.get(0).seen.size());
    }
}
