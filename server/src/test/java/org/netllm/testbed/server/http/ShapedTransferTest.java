package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;

/**
 * Session media crosses the session's link: with a constant 500 B/ms link and 40 ms one-way delay
 * a segment of B bytes must start after ≈ 80 ms (uplink + downlink delay) and take ≈ B/500 ms.
 */
class ShapedTransferTest {

    /** Timer granularity (1 ms ticks) plus scheduling noise on a loaded 2-core CI box. */
    private static final double TOLERANCE_MS = 100;

    @TempDir
    static Path tmp;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(tmp);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void transferFollowsTheConstantRateLink() throws Exception {
        String id = f.createSession("fixed-3");
        // warm the JIT and the client's connection so the measurement sees the link, not class loading
        f.http.send(HttpRequest.newBuilder(f.uri("/s/" + id + "/content/testvid/0/init.mp4")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Path file = f.content.resolve("testvid/5/2.m4s");
        byte[] expected = Files.readAllBytes(file);
        long sent = System.nanoTime();
        HttpResponse<InputStream> r = f.http.send(HttpRequest.newBuilder(f.uri("/s/" + id + "/content/testvid/5/2.m4s"))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        double headersMs = (System.nanoTime() - sent) / 1e6;
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readAllBytes();
        }
        double totalMs = (System.nanoTime() - sent) / 1e6;
        assertEquals(200, r.statusCode());
        assertArrayEquals(expected, body);
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElseThrow());

        double delayMs = 2 * ServerFixture.LINK_DELAY_MS;
        double transferMs = expected.length / (double) ServerFixture.LINK_BYTES_PER_MS;
        assertTrue(headersMs >= delayMs, "first byte after both one-way delays, was " + headersMs + " ms");
        assertTrue(totalMs >= delayMs + transferMs - 1, "not faster than the link: " + totalMs + " ms for "
                + expected.length + " B (link: " + (delayMs + transferMs) + " ms)");
        assertTrue(totalMs <= delayMs + transferMs + TOLERANCE_MS, "close to the link's pace: " + totalMs + " ms, expected "
                + (delayMs + transferMs));

        String metrics = f.get("/metrics").body();
        long shaped = expected.length + TestContent.INIT_BYTES; // warm-up + measured segment
        assertTrue(metrics.contains("testbed_abr_bytes_served_total{shaping=\"shaped\"} " + (double) shaped), metrics);
    }

    @Test
    void rangeOverTheLinkAndUnknownSession() throws Exception {
        String id = f.createSession("fixed-3");
        HttpResponse<byte[]> r = f.http.send(HttpRequest.newBuilder(f.uri("/s/" + id + "/content/testvid/0/1.m4s"))
                .header("Range", "bytes=0-999").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, r.statusCode());
        assertEquals(1000, r.body().length);
        assertEquals(404, f.get("/s/s-unknown/content/testvid/0/1.m4s").statusCode());
    }
}
