package org.netllm.testbed.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.InProcessServer;

/**
 * The VP live replay page in real headless Chromium against the real in-process server (all tasks, as
 * {@code ./testbed serve} runs them): it replays a Jin2022 test trace with LR, Velocity and repeat-last, and must
 * chart the actual movement, each method's horizon exactly as {@code /api/vp/predict} answers it, a running MAE
 * that matches the docs/reference/vp.md §2 metric, and request latencies. Screenshot: {@code target/vp-replay-page.png}.
 */
class VpReplayPageIT {

    static final String TRACE = "jin2022-v4-u15";
    static final List<String> METHODS = List.of("lr", "velocity", "repeat");
    static final int HW = 10;
    static final int PW = 20;
    static final int STEPS = 12;
    static final Path SCREENSHOT = Path.of("target", "vp-replay-page.png");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void replaysATraceWithLivePredictions() throws Exception {
        Files.createDirectories(tmp.resolve("content"));
        try (InProcessServer server = InProcessServer.start(tmp.resolve("traces"), tmp.resolve("content"), tmp.resolve("results"),
                InProcessServer.LOOPBACK); PageBrowser page = new PageBrowser()) {
            page.open(server.baseUrl().resolve("/player/vp-replay.html").toString());
            page.waitFor("window.vpReplay.state === 'idle' || window.vpReplay.state === 'error'", Duration.ofSeconds(30),
                    "JSON.stringify(window.vpReplay)");
            assertNull(page.js("return window.vpReplay.error;"));
            page.js("document.getElementById('trace').value = arguments[0];"
                    + "document.getElementById('hw').value = arguments[1];"
                    + "document.getElementById('pw').value = arguments[2];"
                    + "document.getElementById('speed').value = '8';"
                    + "document.getElementById('start').click();", TRACE, HW, PW);
            page.waitFor("window.vpReplay.steps >= " + STEPS + " || window.vpReplay.state === 'error'", Duration.ofSeconds(60),
                    "JSON.stringify({state: window.vpReplay.state, steps: window.vpReplay.steps, error: window.vpReplay.error})");
            page.js("document.getElementById('stop').click();");
            page.waitFor("window.vpReplay.state === 'done' || window.vpReplay.state === 'error'", Duration.ofSeconds(20),
                    "window.vpReplay.state");
            assertNull(page.js("return window.vpReplay.error;"), "page error");
            Path shot = page.screenshot(SCREENSHOT);
            assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);

            @SuppressWarnings("unchecked")
            Map<String, Object> snap = (Map<String, Object>) page.js("return window.vpReplay.snapshot();");
            int steps = ((Number) snap.get("steps")).intValue();
            assertTrue(steps >= STEPS, "steps " + steps);
            JsonNode trace = get(server.baseUrl(), "/api/vp/traces/" + TRACE);
            JsonNode samples = trace.get("samples");
            int last = HW - 1 + steps - 1; // the step the charts show: history = samples (last-HW, last]

            for (String axis : List.of("yaw", "pitch", "roll")) {
                assertTrue(!ys(snap, axis, 0).isEmpty(), axis + ": actual movement charted");
                for (int m = 0; m < METHODS.size(); m++) {
                    // the charted horizon is the endpoint's answer for that step's history
                    JsonNode pred = predict(server.baseUrl(), samples, last, METHODS.get(m));
                    List<?> y = ys(snap, axis, m + 1);
                    assertEquals(PW, y.size(), axis + " " + METHODS.get(m) + " horizon");
                    for (int k = 0; k < PW; k++) {
                        assertEquals(pred.get(k).get(axis).asDouble(), ((Number) y.get(k)).doubleValue(), 1e-9,
                                axis + " " + METHODS.get(m) + " step " + k);
                    }
                }
            }
            // running MAE of repeat-last, recomputed here with the §2 metric over every replayed step
            double sum = 0;
            for (int i = HW - 1; i <= last; i++) {
                sum += repeatLastMae(samples, i);
            }
            List<?> repeatMae = ys(snap, "mae", METHODS.indexOf("repeat"));
            assertEquals(steps, repeatMae.size());
            assertEquals(sum / steps, ((Number) repeatMae.get(repeatMae.size() - 1)).doubleValue(), 1e-9, "running MAE of repeat");
            for (int m = 0; m < METHODS.size(); m++) {
                assertEquals(steps, ys(snap, "latency", m).size(), "latency points of " + METHODS.get(m));
                assertEquals(steps, ys(snap, "mae", m).size(), "MAE points of " + METHODS.get(m));
            }
        }
    }

    /** docs/reference/vp.md §2 over one prediction of repeat-last (§3.3: the last history sample for every step). */
    static double repeatLastMae(JsonNode samples, int i) {
        double total = 0;
        for (int k = 1; k <= PW; k++) {
            for (String axis : List.of("roll", "pitch", "yaw")) {
                double g = samples.get(i + k).get(axis).asDouble();
                double p = samples.get(i).get(axis).asDouble();
                total += Math.min(Math.abs(g - p), Math.min(Math.abs(g + 360 - p), Math.abs(g - 360 - p)));
            }
        }
        return total / (PW * 3);
    }

    private static JsonNode predict(URI base, JsonNode samples, int last, String method) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("historyWindow", HW).put("horizon", PW).put("method", method).put("wrapOutputs", true);
        ArrayNode h = body.putArray("history");
        for (int i = last - HW + 1; i <= last; i++) {
            h.add(samples.get(i));
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/vp/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("predictions");
    }

    private static JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @SuppressWarnings("unchecked")
    private static List<?> ys(Map<String, Object> snap, String chart, int series) {
        return (List<?>) ((List<Map<String, Object>>) snap.get(chart)).get(series).get("y");
    }
}
