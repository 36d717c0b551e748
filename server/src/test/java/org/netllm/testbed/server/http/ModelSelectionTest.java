package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.server.ConstantRateLink;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.session.ContentVideoLibrary;

/**
 * Issue 11, "one model service": a request names a model, never a folder. Before, {@code {"algorithm":
 * "netllm:/etc"}} made the server open /etc (a 500 quoting absolute paths) and each path variant loaded a fresh
 * model that was never freed. Real server on loopback with the registry the CLI builds.
 */
class ModelSelectionTest {

    @TempDir
    Path tmp;
    ModelService models;
    ServerFixture f;

    @BeforeEach
    void start() throws Exception {
        Path content = tmp.resolve("content");
        TestContent.write(content, ServerFixture.VIDEO, 2, 1000);
        java.nio.file.Files.createDirectories(tmp.resolve("traces/set-a"));
        java.nio.file.Files.writeString(tmp.resolve("traces/set-a/const"), "0\n1\n");
        ServerConfig cfg = ServerConfig.defaults(content, tmp.resolve("results"), tmp.resolve("traces")).withPort(0);
        models = ModelService.forThisMachine();
        AbrTask abr = new AbrTask(cfg, StandardAlgorithms.forServer(new NetLlmModels(models), List.of()),
                ContentVideoLibrary.dashContent(content), (spec, trace) -> new ConstantRateLink(1000, 0));
        f = ServerFixture.around(tmp, new TestbedServer(cfg, List.of(abr), Optional.of(models)).start(), abr);
    }

    @AfterEach
    void stop() {
        f.close();
        models.close();
    }

    private HttpResponse<String> create(String algorithm) throws Exception {
        return f.postJson("/api/sessions", "{\"algorithm\":" + ServerFixture.JSON.writeValueAsString(algorithm)
                + ",\"video\":\"" + ServerFixture.VIDEO + "\",\"trace\":\"" + ServerFixture.TRACE + "\"}");
    }

    @Test
    void aFolderNamedInARequestIsRefusedAndNothingLoads() throws Exception {
        HttpResponse<String> r = create("netllm:/etc");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(ServerFixture.json(r).get("error").asText().contains("unknown ABR algorithm"), r.body());
        assertFalse(r.body().contains(tmp.toString()), "no absolute paths of this machine in the reply");
        for (int i = 0; i < 300; i++) { // the probe's path variants: each used to load (and keep) a model copy
            String variant = "netllm:" + "/.".repeat(i % 7) + tmp.resolve("m" + i);
            assertEquals(400, create(variant).statusCode(), variant);
        }
        assertEquals(0, models.loadedBackbones(), "no request made the server load a backbone");
        assertEquals(0, f.abr.registry().activeCount());
    }

    @Test
    void metricLabelsUseTheCanonicalNameWhateverTheCasing() throws Exception {
        for (String casing : List.of("bba", "BBA", "Bba", "bBa", "bbA", "BbA")) {
            HttpResponse<String> r = create(casing);
            assertEquals(201, r.statusCode(), r.body());
            assertEquals("bba", ServerFixture.json(r).get("algorithm").asText());
            String id = ServerFixture.json(r).get("id").asText();
            assertEquals(200, f.postJson("/api/sessions/" + id + "/decision",
                    ServerFixture.decisionBody(0, 1, 1000, 1, 0)).statusCode());
        }
        String metrics = f.get("/metrics").body();
        assertTrue(metrics.contains("testbed_abr_decisions_total{algorithm=\"bba\"} 6.0"), metrics);
        assertFalse(metrics.toLowerCase(java.util.Locale.ROOT).replace("algorithm=\"bba\"", "")
                .contains("algorithm=\"bba\""), "one series for every casing");
        assertFalse(metrics.contains("algorithm=\"BBA\""));
    }
}
