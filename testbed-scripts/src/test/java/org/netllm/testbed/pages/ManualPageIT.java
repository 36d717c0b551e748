package org.netllm.testbed.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;

/**
 * The manual playback page in real headless Chromium against the real in-process server on loopback: a generated
 * 5-chunk video over a step trace, played with BBA from the page's own form. Every chart must have data, the
 * capacity series must be the server's {@code /link} reply and equal what the trace file allows, and a screenshot
 * lands in {@code target/manual-page.png} for a person to look at.
 */
class ManualPageIT {

    static final int CHUNKS = 5;
    static final String VIDEO = "envivio";
    /** One packet every 2 ms (6 Mbit/s) for the first 8 s, then every 4 ms (3 Mbit/s) until 60 s. */
    static final int STEP_AT_MS = 8_000;
    static final int TRACE_MS = 60_000;
    static final double HIGH_MBPS = 6.0;
    static final double LOW_MBPS = 3.0;
    static final Duration PLAY_TIMEOUT = Duration.ofSeconds(90);
    static final Path SCREENSHOT = Path.of("target", "manual-page.png");

    @TempDir
    Path tmp;

    @Test
    void playsAndChartsEverySeries() throws Exception {
        VideoSpec table = SizeTables.load(VIDEO);
        new VideoGenerator(Ffmpeg.locate()).generate(GeneratorSettings.defaults(VIDEO, table, CHUNKS, GenerationMode.SIZE_MATCHED),
                tmp.resolve("content"), false);
        Path set = Files.createDirectories(tmp.resolve("traces/ui"));
        StringBuilder t = new StringBuilder();
        for (int ms = 0; ms < STEP_AT_MS; ms += 2) {
            t.append(ms).append('\n');
        }
        for (int ms = STEP_AT_MS; ms <= TRACE_MS; ms += 4) {
            t.append(ms).append('\n');
        }
        Files.writeString(set.resolve("step6to3"), t.toString());
        ObjectMapper json = new ObjectMapper();
        try (InProcessServer server = InProcessServer.start(tmp.resolve("traces"), tmp.resolve("content"), tmp.resolve("results"),
                InProcessServer.LOOPBACK); PageBrowser page = new PageBrowser()) {
            page.open(server.baseUrl().resolve("/player/manual.html").toString());
            page.waitFor("document.querySelectorAll('#trace option').length > 1 && document.getElementById('algorithm').options.length > 0",
                    Duration.ofSeconds(30), "document.getElementById('message').textContent");
            page.js("document.getElementById('algorithm').value = 'bba';"
                    + "document.getElementById('video-name').value = arguments[0];"
                    + "document.getElementById('trace').value = 'traces/ui/step6to3';"
                    + "document.getElementById('play').click();", VIDEO);
            page.waitFor("window.manualCharts.ended || (window.testbed && window.testbed.state === 'error')", PLAY_TIMEOUT,
                    "JSON.stringify(window.testbed && {state: window.testbed.state, error: window.testbed.error, chunks: window.testbed.chunks.length})");
            assertNull(page.js("return window.testbed.error;"), "page error");
            Path shot = page.screenshot(SCREENSHOT);
            assertTrue(Files.size(shot) > 10_000, "screenshot " + shot);

            @SuppressWarnings("unchecked")
            Map<String, Object> charts = (Map<String, Object>) page.js("return window.manualCharts.snapshot();");
            String id = (String) page.js("return window.testbed.session.id;");

            // every chart has data
            assertEquals(CHUNKS, points(charts, "throughput", 1).size(), "one measured throughput per chunk");
            assertEquals(CHUNKS, points(charts, "bitrate", 0).size(), "one bitrate per chunk");
            assertTrue(points(charts, "buffer", 0).size() >= CHUNKS - 1, "a buffer level per decision");
            assertTrue(points(charts, "latency", 0).size() >= CHUNKS - 1, "server latency per decision");
            assertTrue(points(charts, "latency", 1).size() >= CHUNKS - 1, "round trip per decision");
            assertTrue(!points(charts, "qoe", 0).isEmpty(), "running QoE");
            for (Object y : points(charts, "throughput", 1)) {
                assertTrue(((Number) y).doubleValue() > 0, "throughput " + y);
            }

            // the capacity series is the server's /link reply, exactly
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.baseUrl().resolve("/api/sessions/" + id + "/link")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode link = json.readTree(r.body());
            JsonNode tS = link.get("capacity").get("tS");
            JsonNode mbps = link.get("capacity").get("mbps");
            List<?> pageX = xs(charts, "throughput", 0);
            List<?> pageY = points(charts, "throughput", 0);
            assertEquals(tS.size(), pageX.size(), "capacity points");
            for (int i = 0; i < tS.size(); i++) {
                assertEquals(tS.get(i).asDouble(), ((Number) pageX.get(i)).doubleValue(), 0.0, "capacity t[" + i + "]");
                assertEquals(mbps.get(i).asDouble(), ((Number) pageY.get(i)).doubleValue(), 0.0, "capacity[" + i + "]");
                // and what the trace file allows: 6 Mbit/s before the step, 3 after (500 ms bins of 250 / 125 packets)
                double expected = tS.get(i).asDouble() * 1000 < STEP_AT_MS ? HIGH_MBPS : LOW_MBPS;
                assertEquals(expected, mbps.get(i).asDouble(), 1e-9, "capacity at " + tS.get(i) + " s");
            }
            assertTrue(tS.size() * link.get("binMs").asLong() >= CHUNKS * table.chunkDurationS() * 1000, "covers the video");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<?> points(Map<String, Object> charts, String chart, int series) {
        return (List<?>) ((List<Map<String, Object>>) charts.get(chart)).get(series).get("y");
    }

    @SuppressWarnings("unchecked")
    private static List<?> xs(Map<String, Object> charts, String chart, int series) {
        return (List<?>) ((List<Map<String, Object>>) charts.get(chart)).get(series).get("x");
    }
}
