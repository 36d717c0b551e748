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
import org.netllm.testbed.cjs.netllm.CjsCheckpoint;
import org.netllm.testbed.cjs.netllm.CjsModules;
import org.netllm.testbed.cjs.netllm.StageHead;
import org.netllm.testbed.cjs.netllm.NetLlmCjsModel;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.checkpoint.BackbonePin;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import org.netllm.testbed.netllm.lora.LoraConfig;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.serving.CjsDeployment;
import org.netllm.testbed.serving.VpDeployment;

/**
 * NetLLM-CJS behind the real CJS routes (Vert.x on loopback, the model opened once on the process's model service,
 * on the embedded ABR backbone): a stateful episode with its reward updates, bad rewards as 400s naming the field,
 * and offline = HTTP equality of whole episodes (split streams). The checkpoint is a seeded untrained one written
 * here, so the test checks the serving path, not a training outcome.
 */
class CjsNetLlmServerTest {

    @TempDir
    static Path tmp;

    private static TestbedServer server;
    private static ModelService models;
    private static URI base;
    private static Path checkpoint;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        checkpoint = writeCheckpoint(tmp.resolve("model"), VpDeployment.sharedBackbone());
        Path content = Files.createDirectories(tmp.resolve("content"));
        Path results = Files.createDirectories(tmp.resolve("results"));
        Path traces = Files.createDirectories(tmp.resolve("traces"));
        ServerConfig cfg = ServerConfig.defaults(content, results, traces).withHost("127.0.0.1").withPort(0);
        models = new ModelService(new SharedBackboneLoader(SharedBackboneLoader.defaultOptions()), BatchingOptions.defaults(), 0);
        server = new TestbedServer(cfg, List.of(CjsDeployment.task(Optional.of(checkpoint))), Optional.of(models)).start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * A seeded, untrained NetLLM-CJS checkpoint (F 16, rank 4) on {@code backbone}, with the per-token stage head of the
     * embedded default (the last-token head shares the same serving path; NetLlmCjsReferenceTest checks both heads).
     */
    static Path writeCheckpoint(Path dir, Path backbone) throws Exception {
        Files.createDirectories(dir.resolve(CjsCheckpoint.ADAPTER_DIR));
        try (LlamaBackbone b = LlamaBackbone.load(backbone, LoadOptions.defaults());
             LoraAdapter a = LoraAdapter.create(b, LoraConfig.netllm(4), 5);
             CjsModules m = CjsModules.init(b.manager(), 16, b.hiddenSize(), 102, 5, 1.0, StageHead.PER_TOKEN)) {
            a.save(dir.resolve(CjsCheckpoint.ADAPTER_DIR));
            m.save(dir.resolve(CjsCheckpoint.MODULES_FILE));
            new CjsCheckpoint("embedded", BackbonePin.sha256(backbone), b.hiddenSize(), 16, 4, 20, 2048, 102,
                    new ReturnNormalisation(-150_000, 0, 5.6, 100, 1000), 5, StageHead.PER_TOKEN).write(dir);
        }
        return dir;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (models != null) {
            models.close();
        }
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String OBS = "{\"jobs\":[{\"stages\":[{\"remainingTasks\":4,\"mostRecentDurationMs\":1000,"
            + "\"schedulable\":true},{\"remainingTasks\":2,\"mostRecentDurationMs\":500,\"schedulable\":true}],"
            + "\"edges\":[],\"supply\":0}],\"numCommittable\":5,\"sourceJobIdx\":1,\"numExecutors\":50}";

    @Test
    void statefulEpisodeWithRewards() throws Exception {
        String first = "{\"policy\":\"netllm\",\"episodeId\":\"e1\",\"seed\":1,\"observation\":" + OBS + "}";
        HttpResponse<String> r = post("/api/cjs/decide", first);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode a = JSON.readTree(r.body());
        assertTrue(a.get("stageIdx").asInt() >= 0 && a.get("stageIdx").asInt() < 2, r.body());
        assertTrue(a.get("numExec").asInt() >= 1 && a.get("numExec").asInt() <= 5, r.body());
        assertBad(post("/api/cjs/decide", first), "reward"); // the second decision must carry the reward
        assertBad(post("/api/cjs/decide", first.replace("\"seed\":1", "\"seed\":1,\"reward\":5")), "reward");
        assertEquals(200, post("/api/cjs/decide", first.replace("\"seed\":1", "\"seed\":1,\"reward\":-1200.5")).statusCode());
        assertEquals(200, post("/api/cjs/episodes/end", "{\"policy\":\"netllm\",\"episodeId\":\"e1\"}").statusCode());
        // a new episode under the same id starts over: no reward needed
        assertEquals(200, post("/api/cjs/decide", first).statusCode());
    }

    private static void assertBad(HttpResponse<String> r, String field) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        String error = JSON.readTree(r.body()).get("error").asText();
        assertTrue(error.contains(field), error);
    }

    /** Every NetLLM-CJS decision over HTTP gives the same episode as the in-process policy with split streams. */
    @Test
    void offlineEqualsHttp() throws Exception {
        EvaluationPlan plan = new EvaluationPlan(List.of("netllm"), List.of(new EvaluationPlan.Setting(8, 10)), List.of(2L), 1);
        EvaluationReport http = new Evaluation(Evaluation.server(base)).run(plan, (d, t) -> { });
        try (NetLlmCjsModel model = CjsDeployment.open(Optional.of(checkpoint), new SharedBackboneLoader(LoadOptions.defaults()))) {
            EvaluationReport offline = new Evaluation(Evaluation.offline(new SchedulerFactory(() -> model),
                    EpisodeRunner.StreamLayout.SPLIT)).run(plan, (d, t) -> { });
            EvaluationReport.Run h = http.runs().get(0);
            EvaluationReport.Run o = offline.runs().get(0);
            assertTrue(h.decisions() > 20, "decisions " + h.decisions());
            assertEquals(o.avgJctS(), h.avgJctS(), 0.0);
            assertEquals(o.p90JctS(), h.p90JctS(), 0.0);
            assertEquals(o.decisions(), h.decisions());
        }
    }
}
