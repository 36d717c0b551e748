package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;

/** Unshaped DASH hosting: types, ranges, CORS, caching, no compression, traversal refusal. */
class MediaHostingTest {

    @TempDir
    static Path tmp;
    static ServerFixture f;
    static byte[] seg;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(tmp);
        seg = Files.readAllBytes(f.content.resolve("testvid/2/3.m4s"));
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(f.content.resolve("testvid/escape.m4s"), tmp.resolve("secret.txt"));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(f.uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void wholeFilesWithDashTypesCorsAndCaching() throws Exception {
        HttpResponse<byte[]> r = get("/content/testvid/2/3.m4s", "Accept-Encoding", "gzip, deflate");
        assertEquals(200, r.statusCode());
        assertArrayEquals(seg, r.body());
        assertEquals("video/iso.segment", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), "never '*' (issue 11)");
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElseThrow());
        assertTrue(r.headers().firstValue("Cache-Control").orElseThrow().contains("max-age"));
        assertFalse(r.headers().firstValue("Content-Encoding").isPresent(), "media is never compressed");

        assertEquals("application/dash+xml", get("/content/testvid/manifest.mpd").headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> init = get("/content/testvid/0/init.mp4");
        assertEquals("video/mp4", init.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TestContent.INIT_BYTES, init.body().length);
    }

    @Test
    void rangeRequests() throws Exception {
        HttpResponse<byte[]> r = get("/content/testvid/2/3.m4s", "Range", "bytes=100-199");
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(seg, 100, 200), r.body());
        assertEquals("bytes 100-199/" + seg.length, r.headers().firstValue("Content-Range").orElseThrow());

        HttpResponse<byte[]> open = get("/content/testvid/2/3.m4s", "Range", "bytes=" + (seg.length - 10) + "-");
        assertArrayEquals(Arrays.copyOfRange(seg, seg.length - 10, seg.length), open.body());
        HttpResponse<byte[]> suffix = get("/content/testvid/2/3.m4s", "Range", "bytes=-7");
        assertArrayEquals(Arrays.copyOfRange(seg, seg.length - 7, seg.length), suffix.body());

        HttpResponse<byte[]> bad = get("/content/testvid/2/3.m4s", "Range", "bytes=" + seg.length + "-");
        assertEquals(416, bad.statusCode());
        assertTrue(new String(bad.body(), StandardCharsets.UTF_8).contains("not satisfiable"));
        // RFC 9110 §15.5.17: the 416 names the complete length (issue 11: it carried no Content-Range)
        assertEquals("bytes */" + seg.length, bad.headers().firstValue("Content-Range").orElseThrow());
        for (String malformed : new String[] {"bytes=+1-3", "bytes=1-+3", "bytes=-", "bytes=99999999999999999999-"}) {
            HttpResponse<byte[]> m = get("/content/testvid/2/3.m4s", "Range", malformed);
            assertEquals(416, m.statusCode(), malformed);
            assertEquals("bytes */" + seg.length, m.headers().firstValue("Content-Range").orElseThrow(), malformed);
        }
    }

    @Test
    void headAndMissingFiles() throws Exception {
        HttpResponse<Void> h = f.http.send(HttpRequest.newBuilder(f.uri("/content/testvid/2/3.m4s"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, h.statusCode());
        assertEquals(Integer.toString(seg.length), h.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(404, get("/content/testvid/2/999.m4s").statusCode());
    }

    @Test
    void symlinkOutOfTheRootIsRefused() throws Exception {
        HttpResponse<byte[]> r = get("/content/testvid/escape.m4s");
        assertEquals(403, r.statusCode());
        assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains("outside\""));
    }

    /** Raw socket so no client normalises the path before it reaches the server. */
    @ParameterizedTest
    @ValueSource(strings = {"/content/../secret.txt", "/content/%2e%2e/secret.txt", "/content/testvid/%2E%2E/%2E%2E/secret.txt",
            "/content/testvid/..%2f..%2fsecret.txt", "/content/testvid/..%5c..%5csecret.txt", "/content/%2e%2e%2fsecret.txt",
            "/s/x/content/../../secret.txt"})
    void traversalIsRefused(String rawPath) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = reply.substring(0, reply.indexOf("\r\n"));
            assertTrue(status.matches("HTTP/1.1 4\\d\\d .*"), rawPath + " -> " + status);
            assertFalse(reply.contains("outside"), rawPath + " leaked the file: " + reply);
        }
    }

    @Test
    void corsPreflight() throws Exception {
        HttpResponse<Void> r = f.http.send(HttpRequest.newBuilder(f.uri("/api/sessions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://127.0.0.1:5555")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, r.statusCode());
        // a page of this machine (e.g. the Mahimahi relay's loopback origin) is answered with its own origin
        assertEquals("http://127.0.0.1:5555", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("Origin", r.headers().firstValue("Vary").orElseThrow());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
    }
}
