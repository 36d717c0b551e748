package org.netllm.testbed.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Real headless Chromium + the packaged dash.js page against {@link PlayerHarness}: every media
 * chunk must be fetched at exactly the quality the server chose for it, the page must reach
 * "ended", and /end must arrive.
 */
class PlayerChunkAccuracyIT {

    private static final int CHUNKS = 5;
    private static final int INITIAL_QUALITY = 1;
    /** Scripted server decisions for chunks 1..: jumps both ways across the whole ladder. */
    private static final int[] SCRIPT = {5, 0, 3, 2, 4};
    private static final Duration PLAY_TIMEOUT = Duration.ofSeconds(50);
    private static final Pattern MEDIA = Pattern.compile("envivio/(\\d+)/(\\d+)\\.m4s");

    @TempDir
    Path tmp;

    static int scripted(int chunk) {
        return SCRIPT[chunk % SCRIPT.length];
    }

    @Test
    void everyChunkIsFetchedAtTheServersQuality() throws Exception {
        VideoSpec table = SizeTables.load("envivio");
        new VideoGenerator(Ffmpeg.locate()).generate(
                GeneratorSettings.defaults("envivio", table, CHUNKS, GenerationMode.SIZE_MATCHED), tmp.resolve("content"), false);
        try (PlayerHarness h = new PlayerHarness(tmp.resolve("content"), "envivio", CHUNKS, INITIAL_QUALITY,
                PlayerChunkAccuracyIT::scripted)) {
            ChromeDriver driver = PlayerHarness.startChrome(tmp);
            Map<String, Object> testbed;
            try {
                driver.get(h.origin() + "/player/index.html?session=" + PlayerHarness.SESSION);
                testbed = PlayerHarness.waitForEnd(driver, PLAY_TIMEOUT, "return JSON.stringify(window.testbed)");
            } finally {
                driver.quit();
            }
            assertNull(testbed.get("error"), "page error: " + testbed.get("error"));
            assertEquals("ended", testbed.get("state"));
            // dash.js's effective setting: a slow chunk is never aborted and re-fetched (default is 20 s)
            assertEquals(0L, ((Number) testbed.get("fragmentRequestTimeoutMs")).longValue());

            // what the browser actually fetched: one request per chunk, at the decided quality
            List<int[]> fetched = new ArrayList<>();
            for (String p : h.mediaPaths) {
                Matcher m = MEDIA.matcher(p);
                if (m.matches()) {
                    fetched.add(new int[] {Integer.parseInt(m.group(2)) - 1, Integer.parseInt(m.group(1))});
                }
            }
            assertEquals(CHUNKS, fetched.size(), "media requests: " + h.mediaPaths);
            for (int c = 0; c < CHUNKS; c++) {
                int expected = c == 0 ? INITIAL_QUALITY : scripted(c);
                assertEquals(c, fetched.get(c)[0], "request order " + h.mediaPaths);
                assertEquals(expected, fetched.get(c)[1], "quality of chunk " + c + " in " + h.mediaPaths);
            }

            // the decision POSTs: one per chunk, in order, reporting what was fetched (docs/protocol.md §2)
            assertEquals(CHUNKS, h.decisionBodies.size(), h.decisionBodies.toString());
            long lastRebuffer = 0;
            for (int c = 0; c < CHUNKS; c++) {
                JsonObject b = h.decisionBodies.get(c);
                assertEquals(c, b.getInteger("chunkIndex"));
                int q = c == 0 ? INITIAL_QUALITY : scripted(c);
                assertEquals(q, b.getInteger("quality"));
                assertEquals(table.sizeBytes(q, c), b.getLong("bytes"), "bytes of chunk " + c);
                long req = b.getLong("requestTimeMs");
                long first = b.getLong("firstByteTimeMs");
                long end = b.getLong("endTimeMs");
                assertTrue(req <= first && first <= end, b.encode());
                assertTrue(b.getLong("rebufferMs") >= lastRebuffer, "rebufferMs is cumulative: " + b.encode());
                lastRebuffer = b.getLong("rebufferMs");
                assertTrue(b.getDouble("bufferS") >= 0, b.encode());
            }
            assertTrue(lastRebuffer > 0, "start-up counts as a stall (docs/reference/abr.md §8.4)");
            assertEquals(1, h.endBodies.size());
            assertEquals("ended", h.endBodies.get(0).getString("reason"));
            List<?> chunks = (List<?>) testbed.get("chunks");
            assertEquals(CHUNKS, chunks.size());
        }
    }
}
