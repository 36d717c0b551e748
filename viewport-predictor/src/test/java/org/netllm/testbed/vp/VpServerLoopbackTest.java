package org.netllm.testbed.vp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;
import org.netllm.testbed.vp.eval.HttpPredictEndpoint;
import org.netllm.testbed.vp.eval.InProcessEndpoint;
import org.netllm.testbed.vp.eval.InSituEvaluation;
import org.netllm.testbed.vp.eval.SampleError;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.server.VpTask;
import org.netllm.testbed.vp.service.VpPredictionService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real server core (Vert.x on loopback) with the VP task plugged in through the SPI: valid and invalid
 * requests, the catalog, and the in-situ evaluation over HTTP equal to the in-process one.
 */
class VpServerLoopbackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    private static TestbedServer server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        ServerConfig cfg = ServerConfig.defaults(tmp.resolve("content"), tmp.resolve("results"), tmp.resolve("traces"))
                .withPort(0).withBodyLimit(256 * 1024);
        server = new TestbedServer(cfg, List.of(VpTask.baselinesOnly()), Optional.empty()).start();
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, "application/json");
    }

    private static String history(int n, String pitch) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"t\":").append(i * 0.2).append(",\"roll\":").append(i)
                    .append(",\"pitch\":").append(i == 2 ? pitch : "1").append(",\"yaw\":").append(3 * i).append('}');
        }
        return b.append(']').toString();
    }

    private static void assertRefused(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        String error = JSON.readTree(r.body()).path("error").asText();
        assertTrue(error.contains(field), "error names " + field + ": " + error);
    }

    @Test
    void predictAnswersWithTheServiceResult() throws Exception {
        HttpResponse<String> r = post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"method\":\"velocity\",\"horizon\":30}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals("velocity", n.get("method").asText());
        assertEquals(10, n.get("historyUsed").asInt());
        assertEquals(30, n.get("predictions").size());
        // rows 2..11 rise by 1 (roll) and 3 (yaw) per sample: velocity continues from 11 / 33
        assertEquals(12.0, n.get("predictions").get(0).get("roll").asDouble(), 1e-9);
        assertEquals(33.0 + 90, n.get("predictions").get(29).get("yaw").asDouble(), 1e-9);
        assertEquals(2.2 + 0.2, n.get("predictions").get(0).get("t").asDouble(), 1e-9);
        // the spec's field name "model" is accepted too
        HttpResponse<String> alias = post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"model\":\"repeat\"}");
        assertEquals("repeat", JSON.readTree(alias.body()).get("method").asText());
    }

    @Test
    void invalidRequestsGet4xxNamingTheField() throws Exception {
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "1e999") + "}"), 400, "history[2].pitch");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "91") + "}"), 400, "history[2].pitch");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "\"up\"") + "}"), 400, "history[2].pitch");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(6, "1") + "}"), 422, "history");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"method\":\"track\"}"), 400, "method");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"method\":\"netllm\"}"), 503, "method");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"horizon\":31}"), 400, "horizon");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"horizon\":2.5}"), 400, "horizon");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(2100, "1") + "}"), 413, "history");
        assertRefused(post("api/vp/predict", "{\"history\":" + history(12, "1") + ",\"pad\":\"" + "x".repeat(300_000) + "\"}"), 413, "");
        assertRefused(post("api/vp/predict", "{\"history\":[1,2,3]}"), 400, "history[0]");
        assertRefused(post("api/vp/predict", "{\"history\":"), 400, "");
        assertRefused(post("api/vp/predict", "{}", "text/plain"), 415, "");
        assertRefused(post("api/vp/evaluate", "{\"predictions\":[{\"roll\":1,\"pitch\":2,\"yaw\":3}],\"groundTruth\":[]}"), 400, "groundTruth");
        // the server is still answering after all of the above
        assertEquals(200, post("api/vp/predict", "{\"history\":" + history(12, "1") + "}").statusCode());
    }

    @Test
    void evaluateAndCatalog() throws Exception {
        HttpResponse<String> r = post("api/vp/evaluate",
                "{\"predictions\":[{\"roll\":179,\"pitch\":0,\"yaw\":10},{\"roll\":0,\"pitch\":3,\"yaw\":-170}],"
                        + "\"groundTruth\":[{\"roll\":-179,\"pitch\":0,\"yaw\":10},{\"roll\":0,\"pitch\":0,\"yaw\":170}]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals((2 + 3 + 20) / 6.0, n.get("maeDeg").asDouble(), 1e-12); // docs/reference/abr.md §2 wrap on every axis
        assertEquals(1.0, n.get("rollDeg").asDouble(), 1e-12);
        HttpResponse<String> cat = HTTP.send(HttpRequest.newBuilder(base.resolve("api/catalog")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode vp = JSON.readTree(cat.body()).path("tasks").path("vp");
        assertEquals(List.of("lr", "velocity", "repeat"), JSON.convertValue(vp.get("methods"), List.class));
        assertEquals("lr", vp.get("defaultMethod").asText());
    }

    @Test
    void httpReplayEqualsInProcessReplayExactly() throws Exception {
        List<VpSample> samples = BaselineEvaluation.samples(VpData.bundled(), VpDataset.JIN2022, VpSplit.TEST, WindowSettings.of(10, 20));
        List<VpMethod> methods = List.of(VpMethod.LR, VpMethod.VELOCITY, VpMethod.REPEAT);
        InSituEvaluation.Result http = new InSituEvaluation(new HttpPredictEndpoint(HTTP, base), System::nanoTime)
                .run(methods, samples, (m, d, t) -> { });
        InSituEvaluation.Result offline = new InSituEvaluation(new InProcessEndpoint(VpPredictionService.withBaselines(null)),
                System::nanoTime).run(methods, samples, (m, d, t) -> { });
        assertEquals(offline.samples().size(), http.samples().size());
        for (int i = 0; i < http.samples().size(); i++) {
            SampleError a = offline.samples().get(i);
            SampleError b = http.samples().get(i);
            assertEquals(a.withoutLatency(), b.withoutLatency(), "sample " + i);
        }
        for (String m : List.of("lr", "velocity", "repeat")) {
            assertEquals(offline.summary().get(m).maeDeg(), http.summary().get(m).maeDeg(), 0.0, m);
        }
        assertEquals(19.474, Math.round(http.summary().get("lr").maeDeg() * 1000) / 1000.0, 1e-9);
    }
}
