package org.netllm.testbed.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.server.ConstantRateLink;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.session.ContentVideoLibrary;

/**
 * Issue 11 "non-blocking decisions", through the server's HTTP path with the embedded NetLLM model: NetLLM
 * decisions wait for their batch on the model service's decision threads, not on the server's worker pool. Before,
 * a forward held a pool thread, so with 2 workers a batch never exceeded 2 and BBA sessions queued behind it.
 */
class NetLlmBatchingTest {

    private static final int SESSIONS = 8;
    private static final int WORKERS = 2;

    @TempDir
    Path tmp;
    ModelService models;
    ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        Path content = tmp.resolve("content");
        TestContent.write(content, ServerFixture.VIDEO, ServerFixture.CHUNKS, ServerFixture.BASE_BYTES);
        Files.createDirectories(tmp.resolve("traces/set-a"));
        Files.writeString(tmp.resolve("traces/set-a/const"), "0\n1\n");
        ServerConfig cfg = ServerConfig.defaults(content, tmp.resolve("results"), tmp.resolve("traces")).withPort(0)
                .withWorkerThreads(WORKERS);
        // no idle bypass and a long gather window: every concurrent decision should join one forward
        models = new ModelService(SharedBackboneLoader::forThisMachine,
                new BatchingOptions(16, Duration.ofMillis(300), 64, false), 0);
        AbrTask abr = new AbrTask(cfg, StandardAlgorithms.forServer(new NetLlmModels(models), List.of()),
                ContentVideoLibrary.dashContent(content), (spec, trace) -> new ConstantRateLink(1000, 0));
        f = ServerFixture.around(tmp, new TestbedServer(cfg, List.of(abr), Optional.of(models)).start(), abr);
    }

    @AfterEach
    void stop() {
        f.close();
        models.close();
    }

    private CompletableFuture<HttpResponse<String>> decide(String id, int chunk) {
        return f.http.sendAsync(HttpRequest.newBuilder(f.uri("/api/sessions/" + id + "/decision"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ServerFixture.decisionBody(chunk, 1, 20_000, 2, 0))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void batchesGrowPastTheWorkerPoolAndBaselinesAreNotHeldUp() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            ids.add(f.createSession("netllm"));
        }
        String bba = f.createSession("bba");
        for (int chunk = 0; chunk < 3; chunk++) {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (String id : ids) {
                replies.add(decide(id, chunk));
            }
            // a BBA decision sent while the NetLLM ones wait for their batch still finds a free worker
            HttpResponse<String> b = decide(bba, chunk).get();
            assertEquals(200, b.statusCode(), b.body());
            JsonNode bj = ServerFixture.json(b);
            assertEquals(bj.get("algorithmMs").asDouble(), bj.get("computeMs").asDouble(), "BBA decides on the worker");
            for (CompletableFuture<HttpResponse<String>> r : replies) {
                assertEquals(200, r.get().statusCode(), r.get().body());
                // NetLLM computes on a decision thread: its share of algorithmMs, the rest is the hand-off
                JsonNode j = ServerFixture.json(r.get());
                double alg = j.get("algorithmMs").asDouble();
                double compute = j.get("computeMs").asDouble();
                assertTrue(compute > 0 && compute <= alg, "computeMs " + compute + " within algorithmMs " + alg);
            }
        }
        long[] h = models.stats().histogram();
        int largest = 0;
        for (int n = 0; n < h.length; n++) {
            if (h[n] > 0) {
                largest = n;
            }
        }
        assertEquals(3L * SESSIONS, models.stats().decisions());
        assertTrue(largest > WORKERS, "a forward carried " + largest + " decisions, more than the " + WORKERS
                + " worker threads: " + Arrays.toString(h));
        assertEquals(SESSIONS + 1, f.abr.registry().activeCount());
    }
}
