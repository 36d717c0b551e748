package org.netllm.testbed.cjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.eval.Evaluation;
import org.netllm.testbed.cjs.eval.EvaluationPlan;
import org.netllm.testbed.cjs.eval.EvaluationReport;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.server.CjsTask;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;

/**
 * The CJS routes on a real server core (Vert.x on loopback) through the task seam: valid and
 * invalid observations, a whole server-side episode, and offline = HTTP equality of an evaluation.
 */
class CjsServerTest {

    @TempDir
    static Path tmp;

    private static TestbedServer server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        Path content = Files.createDirectories(tmp.resolve("content"));
        Path results = Files.createDirectories(tmp.resolve("results"));
        Path traces = Files.createDirectories(tmp.resolve("traces"));
        ServerConfig cfg = ServerConfig.defaults(content, results, traces).withHost("127.0.0.1").withPort(0);
        server = new TestbedServer(cfg, List.of(new CjsTask()), Optional.empty()).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String OBS = "{\"jobs\":[{\"stages\":[{\"remainingTasks\":4,\"mostRecentDurationMs\":1000,"
            + "\"schedulable\":true},{\"remainingTasks\":2,\"mostRecentDurationMs\":500,\"schedulable\":false}],"
            + "\"edges\":[[0,1]],\"supply\":0}],\"numCommittable\":5,\"sourceJobIdx\":1,\"numExecutors\":50}";

    @Test
    void validObservationIsAnswered() throws Exception {
        HttpResponse<String> r = post("/api/cjs/decide", "{\"policy\":\"fair\",\"observation\":" + OBS + "}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode a = JSON.readTree(r.body());
        assertEquals(0, a.get("stageIdx").asInt());
        assertEquals(5, a.get("numExec").asInt());
        HttpResponse<String> d = post("/api/cjs/decide", "{\"policy\":\"decima\",\"episodeId\":\"t1\",\"seed\":3,\"observation\":" + OBS + "}");
        assertEquals(200, d.statusCode(), d.body());
        assertEquals(0, JSON.readTree(d.body()).get("stageIdx").asInt());
    }

    @Test
    void invalidObservationsAre400sNamingTheField() throws Exception {
        assertBad(post("/api/cjs/decide", "{\"policy\":\"fifo\",\"observation\":" + OBS.replace("\"numCommittable\":5", "\"numCommittable\":0") + "}"),
                "observation.numCommittable");
        assertBad(post("/api/cjs/decide", "{\"policy\":\"fifo\",\"observation\":" + OBS.replace("\"supply\":0", "\"supply\":\"x\"") + "}"),
                "observation.jobs[0].supply");
        assertBad(post("/api/cjs/decide", "{\"policy\":\"fifo\",\"observation\":" + OBS.replace("[[0,1]]", "[[0,7]]") + "}"),
                "observation.jobs[0].edges[0]");
        assertBad(post("/api/cjs/decide", "{\"policy\":\"fifo\",\"bogus\":1,\"observation\":" + OBS + "}"), "bogus");
        assertBad(post("/api/cjs/decide", "{\"policy\":\"nope\",\"observation\":" + OBS + "}"), "policy");
        assertBad(post("/api/cjs/episode", "{\"policy\":\"fifo\",\"jobCap\":-3}"), "jobCap");
    }

    private static void assertBad(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        String error = JSON.readTree(r.body()).get("error").asText();
        assertTrue(error.contains(field), error);
    }

    @Test
    void wholeEpisodeRunsServerSide() throws Exception {
        HttpResponse<String> r = post("/api/cjs/episode", "{\"policy\":\"fair\",\"seed\":1}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body());
        assertEquals(42.75, Math.round(e.get("avgJctSec").asDouble() * 100) / 100.0); // spec §1.12, Fair seed 1
        assertEquals(3908, e.get("decisions").asLong());
        assertEquals(200, e.get("jobDurationsSec").size());
    }

    /** Every decision over HTTP gives the same episodes as in-process policies with split streams. */
    @Test
    void offlineEqualsHttp() throws Exception {
        EvaluationPlan plan = new EvaluationPlan(List.of("fifo", "fair", "decima"),
                List.of(new EvaluationPlan.Setting(20, 10)), List.of(1L, 2L), 2);
        EvaluationReport http = new Evaluation(Evaluation.server(base)).run(plan, (d, t) -> { });
        EvaluationReport offline = new Evaluation(Evaluation.offline(new SchedulerFactory(),
                EpisodeRunner.StreamLayout.SPLIT)).run(plan, (d, t) -> { });
        assertEquals(offline.runs().size(), http.runs().size());
        for (int i = 0; i < http.runs().size(); i++) {
            EvaluationReport.Run h = http.runs().get(i);
            EvaluationReport.Run o = offline.runs().get(i);
            assertEquals(o.scheduler() + o.seed(), h.scheduler() + h.seed());
            assertEquals(o.avgJctS(), h.avgJctS(), 0.0, h.scheduler() + " seed " + h.seed());
            assertEquals(o.p90JctS(), h.p90JctS(), 0.0);
            assertEquals(o.decisions(), h.decisions());
        }
    }
}
