package org.netllm.testbed.vp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.vp.server.VpTask;

/**
 * {@code GET /api/vp/traces} and {@code GET /api/vp/traces/<id>} (docs/protocol.md §9.1) over loopback: the listing
 * is the bundled test split of splits.json, a trace's samples are the bundled file's rows at 5 Hz, bad ids are 4xx.
 */
class VpTraceRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path tmp;
    private static TestbedServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        ServerConfig cfg = ServerConfig.defaults(tmp.resolve("content"), tmp.resolve("results"), tmp.resolve("traces")).withPort(0);
        server = new TestbedServer(cfg, List.of(VpTask.baselinesOnly()), Optional.empty()).start();
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listingIsTheTestSplitOfBothDatasets() throws Exception {
        HttpResponse<String> r = get("/api/vp/traces");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals("test", j.get("split").asText());
        JsonNode splits = JSON.readTree(VpTraceRoutesTest.class.getResourceAsStream("/vp-data/splits.json"));
        Set<String> expected = new HashSet<>();
        for (String ds : List.of("Jin2022", "Wu2017")) {
            for (JsonNode v : splits.get("dataset_video_split").get(ds).get("test")) {
                for (JsonNode u : splits.get("dataset_user_split").get(ds).get("test")) {
                    expected.add(ds.toLowerCase() + "-v" + v.asInt() + "-u" + u.asInt());
                }
            }
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode e : j.get("traces")) {
            listed.add(e.get("id").asText());
            assertEquals("test", e.get("split").asText());
        }
        assertEquals(expected, listed);
    }

    @Test
    void aTracesSamplesAreTheBundledRowsAt5Hz() throws Exception {
        HttpResponse<String> r = get("/api/vp/traces/jin2022-v4-u15");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        List<double[]> rows = bundledRows("/vp-data/jin2022.csv.gz", 4, 15);
        assertFalse(rows.isEmpty());
        assertEquals(5.0, j.get("sampleRateHz").asDouble());
        assertEquals(rows.size(), j.get("totalSamples").asInt());
        assertFalse(j.get("truncated").asBoolean());
        JsonNode s = j.get("samples");
        assertEquals(rows.size(), s.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i * 0.2, s.get(i).get("t").asDouble(), 1e-12);
            assertEquals(rows.get(i)[0], s.get(i).get("roll").asDouble(), 0.0, "roll " + i);
            assertEquals(rows.get(i)[1], s.get(i).get("pitch").asDouble(), 0.0, "pitch " + i);
            assertEquals(rows.get(i)[2], s.get(i).get("yaw").asDouble(), 0.0, "yaw " + i);
        }
    }

    @Test
    void badAndUnknownIdsAreRefused() throws Exception {
        HttpResponse<String> bad = get("/api/vp/traces/..%2F..%2Fetc%2Fpasswd");
        assertTrue(bad.statusCode() == 400 || bad.statusCode() == 404, bad.statusCode() + " " + bad.body());
        HttpResponse<String> malformed = get("/api/vp/traces/jin2022_4_12");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(JSON.readTree(malformed.body()).get("error").asText().contains("trace id"), malformed.body());
        // a training trace exists in the bundle but is not served; nor is a trace that does not exist
        for (String id : List.of("jin2022-v1-u1", "wu2017-v999-u1")) {
            HttpResponse<String> r = get("/api/vp/traces/" + id);
            assertEquals(404, r.statusCode(), r.body());
            assertTrue(JSON.readTree(r.body()).get("error").asText().contains(id), r.body());
        }
    }

    /** The (roll, pitch, yaw) rows of one trace, read straight from the packed CSV (header: video,user,roll,pitch,yaw). */
    private static List<double[]> bundledRows(String resource, int video, int user) throws Exception {
        List<double[]> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(VpTraceRoutesTest.class.getResourceAsStream(resource)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("video")) {
                    continue;
                }
                String[] p = line.split(",");
                if (Integer.parseInt(p[0]) == video && Integer.parseInt(p[1]) == user) {
                    out.add(new double[] {Double.parseDouble(p[2]), Double.parseDouble(p[3]), Double.parseDouble(p[4])});
                }
            }
        }
        return out;
    }
}
