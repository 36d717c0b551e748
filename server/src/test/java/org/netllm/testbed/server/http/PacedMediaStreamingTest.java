package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.session.NetemLinks;

/**
 * Paced media through the production links ({@code NetemLinks}, real trace files) on a real server: an aborted
 * transfer leaves the session's link queue (issue 11 §5), and a shaped transfer never holds more than
 * {@link ShapedTransfer#MAX_BUFFERED_BYTES} of its body in memory, however large the body and however slowly the
 * client reads.
 */
class PacedMediaStreamingTest {

    /** One 1500-byte packet every 10 ms: 150 B/ms (1.2 Mbit/s). */
    private static final String SLOW_TRACE = "traces/set-a/slow";
    private static final int SLOW_BYTES_PER_MS = 150;
    private static final int DELAY_MS = 40;
    /** 400 kB at 150 B/ms: ≈ 2.7 s on the slow link. */
    private static final String BIG = "testvid/5/big.m4s";
    private static final int BIG_BYTES = 400_000;
    /** Many pieces and write queues' worth, far beyond the per-transfer bound. */
    private static final String HUGE = "testvid/5/huge.m4s";
    private static final int HUGE_BYTES = 16 * 1024 * 1024;
    private static final String SMALL = "testvid/0/init.mp4";

    @TempDir
    static Path tmp;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(tmp, c -> c, ServerFixture.CHUNKS, new NetemLinks());
        StringBuilder slow = new StringBuilder();
        for (int ms = 10; ms <= 10_000; ms += 10) {
            slow.append(ms).append('\n');
        }
        Files.writeString(tmp.resolve("traces/set-a/slow"), slow);
        Files.write(f.content.resolve(BIG), TestContent.bytes(BIG_BYTES, 11));
        Files.write(f.content.resolve(HUGE), TestContent.bytes(HUGE_BYTES, 12));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void closedConnectionMidTransferDoesNotDelayTheNextRequest() throws Exception {
        abortedTransferLeavesTheQueue(false);
    }

    @Test
    void resetConnectionMidTransferDoesNotDelayTheNextRequest() throws Exception {
        abortedTransferLeavesTheQueue(true);
    }

    private void abortedTransferLeavesTheQueue(boolean reset) throws Exception {
        String id = session(SLOW_TRACE, "builtin", DELAY_MS);
        double cancelledBefore = metricOrNaN("testbed_abr_link_cancelled_bytes_total");
        try (Socket s = get("/s/" + id + "/content/" + BIG)) {
            readAtLeast(s.getInputStream(), 3000); // headers and the first packets: the body is on the link
            if (reset) {
                s.setSoLinger(true, 0); // close() sends RST
            }
        }
        // the server sees the close on its event loop; let it count the cancel before the next request (a server
        // without the meter is not waited for, so it meets the next request with the aborted bytes still queued)
        waitFor(() -> {
            double now = metricOrNaN("testbed_abr_link_cancelled_bytes_total");
            return Double.isNaN(now) || now > cancelledBefore;
        }, 2000);

        long sent = System.nanoTime();
        HttpResponse<InputStream> r = f.http.send(HttpRequest.newBuilder(f.uri("/s/" + id + "/content/" + SMALL)).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        double firstByteMs = (System.nanoTime() - sent) / 1e6;
        try (InputStream in = r.body()) {
            assertEquals(TestContent.INIT_BYTES, in.readAllBytes().length);
        }
        // alone on the link: both one-way delays plus at most one packet interval, and scheduling noise; behind the
        // aborted remainder (≥ 350 kB at 150 B/ms) it would be more than 2.3 s
        double aloneMs = 2 * DELAY_MS + 10;
        double remainderMs = (BIG_BYTES - 50_000) / (double) SLOW_BYTES_PER_MS;
        assertTrue(firstByteMs < aloneMs + 500, "next request's first byte after " + firstByteMs
                + " ms; alone on the link ≈ " + aloneMs + " ms, behind the aborted rest ≥ " + remainderMs + " ms");
        double cancelled = metric("testbed_abr_link_cancelled_bytes_total") - cancelledBefore;
        assertTrue(cancelled > BIG_BYTES / 2.0 && cancelled < BIG_BYTES, "cancelled " + cancelled + " bytes");
    }

    @Test
    void slowReadersOfAHugeBodyHoldAtMostTheBoundEach() throws Exception {
        String id = session(ServerFixture.TRACE, "none", 0); // no pacing: the whole body is due at once
        List<Socket> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                readers.add(get("/s/" + id + "/content/" + HUGE));
            }
            Thread.sleep(1500); // nobody reads: socket buffers fill, the server must stop reading the file
            double bufferedWhileStalled = metric("testbed_abr_shaped_buffered_bytes");
            assertTrue(bufferedWhileStalled <= 4.0 * ShapedTransfer.MAX_BUFFERED_BYTES,
                    "4 stalled transfers hold " + bufferedWhileStalled + " bytes");
            byte[] expected = Files.readAllBytes(f.content.resolve(HUGE));
            for (Socket s : readers) {
                byte[] body = readBody(s.getInputStream(), HUGE_BYTES);
                assertTrue(Arrays.equals(expected, body), "body differs from the file");
            }
        } finally {
            for (Socket s : readers) {
                s.close();
            }
        }
        double peak = metric("testbed_abr_shaped_transfer_buffered_peak_bytes");
        assertTrue(peak > 0 && peak <= ShapedTransfer.MAX_BUFFERED_BYTES, "one transfer held up to " + peak
                + " bytes; bound " + ShapedTransfer.MAX_BUFFERED_BYTES);
        waitFor(() -> metricOrNaN("testbed_abr_shaped_buffered_bytes") == 0, 2000);
        assertEquals(0, metric("testbed_abr_shaped_buffered_bytes"), "everything written is released");
    }

    @Test
    void rangeAcrossPiecesIsExact() throws Exception {
        String id = session(ServerFixture.TRACE, "none", 0);
        int from = ShapedTransfer.PIECE_BYTES - 7;
        int to = from + 3 * ShapedTransfer.PIECE_BYTES + 12;
        HttpResponse<byte[]> r = f.http.send(HttpRequest.newBuilder(f.uri("/s/" + id + "/content/" + HUGE))
                .header("Range", "bytes=" + from + "-" + to).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, r.statusCode());
        byte[] expected = Arrays.copyOfRange(TestContent.bytes(HUGE_BYTES, 12), from, to + 1);
        assertArrayEquals(expected, r.body());
    }

    private static String session(String trace, String mode, int delayMs) throws Exception {
        HttpResponse<String> r = f.postJson("/api/sessions", "{\"algorithm\":\"bba\",\"video\":\"" + ServerFixture.VIDEO
                + "\",\"trace\":\"" + trace + "\",\"link\":{\"mode\":\"" + mode + "\",\"delayMs\":" + delayMs + "}}");
        assertEquals(201, r.statusCode(), r.body());
        return ServerFixture.json(r).get("id").asText();
    }

    /** A raw HTTP/1.1 GET on its own connection; the caller reads (or not) and closes. */
    private static Socket get(String path) throws IOException {
        Socket s = new Socket("127.0.0.1", f.server.port());
        s.setReceiveBufferSize(64 * 1024);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + f.server.port() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static void readAtLeast(InputStream in, int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int k = in.read(buf, got, n - got);
            if (k < 0) {
                throw new IOException("connection closed after " + got + " bytes");
            }
            got += k;
        }
    }

    /** Skips the response head, then reads exactly {@code length} body bytes. */
    private static byte[] readBody(InputStream in, int length) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), head.toString());
        byte[] body = new byte[length];
        int got = 0;
        while (got < length) {
            int k = in.read(body, got, length - got);
            if (k < 0) {
                throw new IOException("body ended after " + got + " of " + length + " bytes");
            }
            got += k;
        }
        return body;
    }

    private static double metricOrNaN(String name) throws Exception {
        try {
            return metric(name);
        } catch (AssertionError e) {
            return Double.NaN;
        }
    }

    private static double metric(String name) throws Exception {
        for (String line : f.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name + " in /metrics");
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, long maxMs) throws Exception {
        long end = System.nanoTime() + maxMs * 1_000_000L;
        while (System.nanoTime() < end) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(20);
        }
    }
}
