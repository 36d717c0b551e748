package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.RecordingAlgorithm;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.session.Session;

/**
 * Session.decide's two paths on a real server (issue 11, decision p99 on a busy machine): an algorithm that decides
 * inline answers from the request's event loop without a worker thread, but still in the session's serial order;
 * one that does not stays on the workers.
 */
class InlineDecisionTest {

    /** Far above a loopback decision, far below the test's patience. */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a decision that must wait is watched not to complete. */
    private static final long MUST_STILL_WAIT_MS = 500;

    @TempDir
    Path tmp;
    ServerFixture f;
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (f != null) {
            f.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> postDecision(String id, int chunk) {
        HttpRequest req = HttpRequest.newBuilder(f.uri("/api/sessions/" + id + "/decision"))
                .header("Content-Type", "application/json").timeout(REPLY_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(ServerFixture.decisionBody(chunk, 1, 20_000, 2, 0))).build();
        return f.http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    /** Holds {@code session}'s serial order (and, with one worker thread, the whole pool) until {@link #release}. */
    private CompletableFuture<Object> hold(Session session) {
        return session.serially(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }

    @Test
    void inlineDecisionsRunOnTheEventLoopAndOthersOnAWorker() throws Exception {
        f = new ServerFixture(tmp);
        String inline = f.createSession(ServerFixture.INLINE);
        String pooled = f.createSession(RecordingAlgorithm.NAME);
        for (int chunk = 0; chunk < 3; chunk++) {
            assertEquals(200, postDecision(inline, chunk).get().statusCode());
            assertEquals(200, postDecision(pooled, chunk).get().statusCode());
        }
        RecordingAlgorithm inlineAlgo = f.recorders.get(0);
        RecordingAlgorithm pooledAlgo = f.recorders.get(1);
        assertEquals(3, inlineAlgo.threads.size());
        assertTrue(inlineAlgo.threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop-thread-")),
                inlineAlgo.threads.toString());
        assertTrue(pooledAlgo.threads.stream().noneMatch(t -> t.startsWith("vert.x-eventloop")),
                pooledAlgo.threads.toString());
    }

    @Test
    void anInlineDecisionDoesNotWaitForABusyWorkerPool() throws Exception {
        f = new ServerFixture(tmp, c -> c.withWorkerThreads(1));
        String busy = f.createSession(RecordingAlgorithm.NAME);
        String inline = f.createSession(ServerFixture.INLINE);
        CompletableFuture<Object> held = hold(f.abr.registry().get(busy)); // the only worker is taken

        HttpResponse<String> r = postDecision(inline, 0).get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(RecordingAlgorithm.answer(0, 6), ServerFixture.json(r).get("quality").asInt());

        CompletableFuture<HttpResponse<String>> pooled = postDecision(busy, 0);
        Thread.sleep(MUST_STILL_WAIT_MS);
        assertFalse(pooled.isDone(), "a worker-path decision waits for the held pool");
        release.countDown();
        held.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, pooled.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
    }

    @Test
    void anInlineDecisionBehindAPendingOperationKeepsTheSessionsOrder() throws Exception {
        f = new ServerFixture(tmp);
        String id = f.createSession(ServerFixture.INLINE);
        assertEquals(200, postDecision(id, 0).get().statusCode());
        Session s = f.abr.registry().get(id);
        CompletableFuture<Object> held = hold(s);
        CompletableFuture<org.netllm.testbed.server.session.SessionView> before = s.serially(s::view);

        CompletableFuture<HttpResponse<String>> next = postDecision(id, 1);
        Thread.sleep(MUST_STILL_WAIT_MS);
        assertFalse(next.isDone(), "the decision waits behind the session's pending operations");
        release.countDown();
        held.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> r = next.get(REPLY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, before.get().chunks(), "the view queued before the decision saw only chunk 0");
        assertEquals(2, Files.readAllLines(f.results.resolve(id).resolve(Session.CHUNK_LOG)).size());
        RecordingAlgorithm algo = f.recorders.get(0);
        assertEquals(2, algo.threads.size());
        assertFalse(algo.threads.get(1).startsWith("vert.x-eventloop"),
                "behind a pending operation the decision ran on the worker chain: " + algo.threads);
    }
}
