package org.netllm.testbed.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.content.Ffmpeg;
import org.netllm.testbed.content.GenerationMode;
import org.netllm.testbed.content.GeneratorSettings;
import org.netllm.testbed.content.SizeTables;
import org.netllm.testbed.content.VideoGenerator;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The end-of-video stall (docs/benchmarks.md "Experiments and Mahimahi"): dash.js has its own end detection — a
 * 200 ms timer that, once the playhead reaches the period's end, seeks there and pauses the video without the
 * element ever firing 'ended'. A video whose media runs past the manifest's duration makes that path certain:
 * the element stops paused at the manifest's end (readyState 4), short of its own duration. A page that
 * listens to the element's 'ended' alone never posts /end here; the page must end the session on dash.js's
 * signal.
 */
class PlayerEndOfVideoIT {

    private static final int CHUNKS = 3;
    /** The media is CHUNKS × 4 s = 12 s; the manifest claims 0.5 s less (dash.js still fetches all 3 segments). */
    private static final String SHORT_DURATION = "PT11.5S";
    private static final double MANIFEST_END_S = 11.5;
    private static final Duration PLAY_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void endsTheSessionWhenDashJsEndsPlaybackWithoutTheElementsEndedEvent() throws Exception {
        Path content = tmp.resolve("content");
        new VideoGenerator(Ffmpeg.locate()).generate(
                GeneratorSettings.defaults("envivio", SizeTables.load("envivio"), CHUNKS, GenerationMode.SIZE_MATCHED), content, false);
        Path mpd = content.resolve("envivio/manifest.mpd");
        String manifest = Files.readString(mpd, StandardCharsets.UTF_8);
        String full = "mediaPresentationDuration=\"PT12S\"";
        assertTrue(manifest.contains(full), "generated manifest should say 12 s: " + manifest);
        Files.writeString(mpd, manifest.replace(full, "mediaPresentationDuration=\"" + SHORT_DURATION + "\""), StandardCharsets.UTF_8);

        try (PlayerHarness h = new PlayerHarness(content, "envivio", CHUNKS, 1, chunk -> 0)) {
            ChromeDriver driver = PlayerHarness.startChrome(tmp);
            Map<String, Object> testbed;
            Map<String, Object> video;
            try {
                driver.get(h.origin() + "/player/index.html?session=" + PlayerHarness.SESSION);
                testbed = PlayerHarness.waitForEnd(driver, PLAY_TIMEOUT, "return JSON.stringify({state: window.testbed.state,"
                        + " t: document.querySelector('video').currentTime, paused: document.querySelector('video').paused,"
                        + " ended: document.querySelector('video').ended, duration: document.querySelector('video').duration})");
                video = videoElement(driver);
            } finally {
                driver.quit();
            }
            assertNull(testbed.get("error"), "page error: " + testbed.get("error"));
            assertEquals("ended", testbed.get("state"));
            // the case under test: dash.js ended playback, the element did not (paused short of its duration)
            assertEquals("dash.js", testbed.get("endSignal"), "which end signal ended the session: " + testbed);
            assertEquals(Boolean.FALSE, video.get("ended"), "the element must not have ended: " + video);
            assertEquals(Boolean.TRUE, video.get("paused"), video.toString());
            double duration = ((Number) video.get("duration")).doubleValue();
            assertTrue(duration > MANIFEST_END_S + 0.4, "the media runs past the manifest: " + video);
            assertTrue(((Number) video.get("currentTime")).doubleValue() <= MANIFEST_END_S + 0.05,
                    "dash.js stopped the video by the manifest's end, short of the element's own: " + video);
            // and the session was reported ended exactly once, after every chunk's decision POST
            assertEquals(1, h.endBodies.size(), h.endBodies.toString());
            assertEquals("ended", h.endBodies.get(0).getString("reason"));
            assertEquals(CHUNKS, h.decisionBodies.size(), h.decisionBodies.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> videoElement(ChromeDriver driver) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "const v = document.querySelector('video');"
                        + " return {ended: v.ended, paused: v.paused, currentTime: v.currentTime, duration: v.duration, readyState: v.readyState};");
    }
}
