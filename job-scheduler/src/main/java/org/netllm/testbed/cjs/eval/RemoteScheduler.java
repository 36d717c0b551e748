package org.netllm.testbed.cjs.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.service.CjsApi;
import org.netllm.testbed.cjs.service.CjsService;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;

/**
 * A scheduler whose every decision is asked of a running server's {@code POST /api/cjs/decide}
 * (docs/reference/cjs.md §7), under one episode id so that a sampling policy keeps its stream; every
 * decision after the first carries the env reward of the step in between.
 */
public final class RemoteScheduler implements Scheduler, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI base;
    private final String policy;
    private final String episodeId;
    private final long seed;
    private Double reward; // of the step since the previous decision; null before the first

    public RemoteScheduler(HttpClient client, URI base, String policy, String episodeId, long seed) {
        this.client = client;
        this.base = base;
        this.policy = policy;
        this.episodeId = episodeId;
        this.seed = seed;
    }

    @Override
    public String name() {
        return policy;
    }

    @Override
    public Action schedule(Observation obs) {
        CjsApi.DecideResponse r = post("/api/cjs/decide",
                new CjsApi.DecideRequest(policy, episodeId, seed, CjsService.toJson(obs), reward), CjsApi.DecideResponse.class);
        return new Action(r.stageIdx(), r.numExec());
    }

    /** Sent with the next decision: a return-conditioned policy behind the endpoint updates its target with it. */
    @Override
    public void observeReward(double reward) {
        this.reward = reward;
    }

    /** Ends the server-side episode state. */
    @Override
    public void close() {
        post("/api/cjs/episodes/end", Map.of("policy", policy, "episodeId", episodeId), Map.class);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        try {
            HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                String text = new String(resp.body(), java.nio.charset.StandardCharsets.UTF_8);
                throw new IllegalStateException("server " + base + path + " answered " + resp.statusCode() + ": "
                        + (text.length() > 300 ? text.substring(0, 300) : text));
            }
            return JSON.readValue(resp.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
