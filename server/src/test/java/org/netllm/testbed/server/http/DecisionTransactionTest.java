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
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.RecordingAlgorithm;
import org.netllm.testbed.server.ServerFixture;

/**
 * Issue 11 "decisions as transactions" (validate, decide, write the log line, then commit), on a real server:
 * before, a failed decide advanced the cumulative-rebuffer baseline so the retry recorded a 3 s stall as 0, and a
 * failed log write lost the stall the same way.
 */
class DecisionTransactionTest {

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

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(ServerFixture.JSON.readTree(l)); // every line must parse on its own
        }
        return out;
    }

    /** Both decision paths: on a worker thread, and inline on the event loop (Session.decide). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {ServerFixture.FAILS_ONCE, ServerFixture.INLINE_FAILS_ONCE})
    void aFailedDecideChangesNothingAndTheRetryRecordsTheStall(String algorithm) throws Exception {
        String id = f.createSession(algorithm);
        String path = "/api/sessions/" + id + "/decision";
        assertEquals(200, f.postJson(path, ServerFixture.decisionBody(0, 1, 20_000, 2, 0)).statusCode());
        // chunk 1 stalled 3 s (cumulative 3000 ms); the algorithm fails on its first try
        HttpResponse<String> failed = f.postJson(path, ServerFixture.decisionBody(1, 1, 20_000, 0, 3000));
        assertEquals(500, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("decide failed once"), failed.body());
        HttpResponse<String> retry = f.postJson(path, ServerFixture.decisionBody(1, 1, 20_000, 0, 3000));
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(RecordingAlgorithm.answer(1, 6), ServerFixture.json(retry).get("quality").asInt());
        assertEquals(200, f.postJson(path, ServerFixture.decisionBody(2, 1, 20_000, 1, 3500)).statusCode());

        List<JsonNode> log = lines(f.results.resolve(id).resolve("chunks.jsonl"));
        assertEquals(3, log.size());
        assertEquals(3.0, log.get(1).get("rebufferS").asDouble(), 1e-9, "the retry records the 3 s stall");
        assertEquals(0.5, log.get(2).get("rebufferS").asDouble(), 1e-9, "and the next chunk only its own 0.5 s");
        RecordingAlgorithm algo = f.recorders.get(f.recorders.size() - 1);
        assertEquals(3.0, algo.seen.get(1).rebufferS(), 1e-9, "the algorithm saw the stall on the retry too");
        JsonNode view = ServerFixture.json(f.get("/api/sessions/" + id));
        assertEquals(3.5, view.get("qoe").get("totalRebufferS").asDouble(), 1e-9, view.toString());
    }

    /**
     * chunks.jsonl pointed at /dev/full: the write fails with ENOSPC (as on a full disk). The reply is an error,
     * no fragment stays in the log, the stall is not lost, and once the disk has room the retry records one clean
     * line; the decision already made is reused rather than asked of the algorithm twice.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {RecordingAlgorithm.NAME, ServerFixture.INLINE})
    void aFailedLogWriteChangesNothingAndTheRetryWritesOneCleanLine(String algorithm) throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs /dev/full (Linux)");
        String id = f.createSession(algorithm);
        String path = "/api/sessions/" + id + "/decision";
        Path log = f.results.resolve(id).resolve("chunks.jsonl");
        Files.deleteIfExists(log);
        Files.createSymbolicLink(log, full);
        HttpResponse<String> failed = f.postJson(path, ServerFixture.decisionBody(0, 1, 20_000, 2, 3000));
        assertEquals(500, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("nothing written"), failed.body());

        Files.delete(log); // the disk has room again
        HttpResponse<String> retry = f.postJson(path, ServerFixture.decisionBody(0, 1, 20_000, 2, 3000));
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals(200, f.postJson(path, ServerFixture.decisionBody(1, 1, 20_000, 2, 3000)).statusCode());
        List<JsonNode> lines = lines(log);
        assertEquals(2, lines.size());
        assertEquals(3.0, lines.get(0).get("rebufferS").asDouble(), 1e-9, "the start-up stall is kept");
        assertEquals(0.0, lines.get(1).get("rebufferS").asDouble(), 1e-9);
        RecordingAlgorithm algo = f.recorders.get(f.recorders.size() - 1);
        assertEquals(2, algo.seen.size(), "chunk 0 was decided once, not again for the retry");
    }
}
