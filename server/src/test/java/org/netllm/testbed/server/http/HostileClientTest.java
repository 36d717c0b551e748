package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;

/**
 * Issue 11's probe classes that a hostile web page or client exercised, each on a real server (loopback Vert.x):
 * cross-origin use, DNS rebinding, a missing Host, session floods, idle and slowloris connections.
 */
class HostileClientTest {

    @TempDir
    Path tmp;
    ServerFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Before: {@code Access-Control-Allow-Origin: *} let any page create, drive and end sessions and read /metrics. */
    @Test
    void aPageOnAnotherSiteCannotUseTheServer() throws Exception {
        f = new ServerFixture(tmp);
        String evil = "http://evil.example";
        HttpResponse<String> pre = send(HttpRequest.newBuilder(f.uri("/api/sessions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", evil)
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(403, pre.statusCode());
        assertTrue(pre.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> create = send(HttpRequest.newBuilder(f.uri("/api/sessions")).header("Origin", evil)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"algorithm\":\"bba\",\"video\":\"testvid\",\"trace\":\"" + ServerFixture.TRACE + "\"}")));
        assertEquals(403, create.statusCode(), create.body());
        assertTrue(ServerFixture.json(create).get("error").asText().contains("Origin"));
        assertEquals(403, send(HttpRequest.newBuilder(f.uri("/metrics")).header("Origin", evil)).statusCode());

        // a form post needs no preflight: refused by Origin, and without one by the Pensieve token
        String id = f.createSession("fixed-3");
        String form = "lastRequest=0";
        assertEquals(403, send(HttpRequest.newBuilder(f.uri("/pensieve/" + id)).header("Origin", evil)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))).statusCode());
        assertEquals(403, f.post("/pensieve/" + id, "text/plain", "{\"lastRequest\":0}").statusCode());
        assertEquals(0, Files.exists(f.results.resolve(id).resolve("chunks.jsonl"))
                ? Files.readAllLines(f.results.resolve(id).resolve("chunks.jsonl")).size() : 0, "nothing was decided");

        // this machine's own pages (the player, the Mahimahi relay on a loopback port) keep working
        HttpResponse<String> own = send(HttpRequest.newBuilder(f.uri("/api/sessions/" + id))
                .header("Origin", "http://localhost:" + f.server.port()));
        assertEquals(200, own.statusCode());
        assertEquals("http://localhost:" + f.server.port(), own.headers().firstValue("Access-Control-Allow-Origin")
                .orElseThrow());
    }

    /** A DNS-rebinding page reaches the server under its own host name; a request without Host was a 500. */
    @Test
    void hostHeadersThatDoNotNameThisServerAreRefused() throws Exception {
        f = new ServerFixture(tmp);
        String rebound = raw("GET /api/catalog HTTP/1.1\r\nHost: attacker.example:" + f.server.port()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        String missing = raw("GET /api/catalog HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertTrue(missing.startsWith("HTTP/1.1 400"), missing);
        assertTrue(missing.contains("missing Host header"), missing);
        // the JDK client upgrades to h2c: HTTP/2 requests carry :authority, not Host, and must pass
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> upgraded = h2.send(HttpRequest.newBuilder(f.uri("/api/sessions")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"algorithm\":\"bba\",\"video\":\"testvid\","
                + "\"trace\":\"" + ServerFixture.TRACE + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, upgraded.statusCode(), upgraded.body());
        assertEquals(200, h2.send(HttpRequest.newBuilder(f.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        String literal = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + f.server.port() + "\r\nConnection: close\r\n\r\n");
        assertTrue(literal.startsWith("HTTP/1.1 200"), literal);
    }

    private String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Before: no bound; every session held a link, a trace and open files, and failed creations left folders. */
    @Test
    void sessionsPastTheBoundAre503AndLeaveNoFolders() throws Exception {
        f = new ServerFixture(tmp, c -> c.withMaxSessions(3));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(f.createSession("bba"));
        }
        String body = "{\"algorithm\":\"bba\",\"video\":\"testvid\",\"trace\":\"" + ServerFixture.TRACE + "\"}";
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = f.postJson("/api/sessions", body);
            assertEquals(503, r.statusCode(), r.body());
        }
        for (int i = 0; i < 20; i++) { // failed creations (bad algorithm) while full, and after
            assertTrue(f.postJson("/api/sessions", body.replace("bba", "nope")).statusCode() >= 400);
        }
        try (Stream<Path> dirs = Files.list(f.results)) {
            assertEquals(3, dirs.count(), "one folder per built session, none for refusals");
        }
        assertEquals(200, f.postJson("/api/sessions/" + ids.get(0) + "/end", "{\"reason\":\"ended\"}").statusCode());
        assertEquals(201, f.postJson("/api/sessions", body).statusCode(), "an ended session frees its slot");
    }

    /** Before: one session wrote 1.2 GB of events in 10 s, on the decision pool. */
    @Test
    void clientEventsHaveAPerSessionBudget() throws Exception {
        f = new ServerFixture(tmp);
        String id = f.createSession("bba");
        String batch = "[" + ("{\"t\":1,\"type\":\"x\",\"pad\":\"" + "p".repeat(1000) + "\"},").repeat(99)
                + "{\"t\":1,\"type\":\"x\"}]"; // ≈ 100 KB
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            int st = f.postJson("/api/sessions/" + id + "/events", batch).statusCode();
            if (st == 204) {
                accepted++;
            } else {
                assertEquals(429, st);
                refused++;
            }
        }
        assertTrue(refused > 0 && accepted > 0, accepted + " accepted, " + refused + " refused");
        long size = Files.size(f.results.resolve(id).resolve("events.jsonl"));
        assertTrue(size <= org.netllm.testbed.server.session.Session.EVENT_BUDGET_BYTES, size + " bytes of events");
        // decisions of the flooded session still work
        assertEquals(200, f.postJson("/api/sessions/" + id + "/decision",
                ServerFixture.decisionBody(0, 1, 20_000, 2, 0)).statusCode());
    }

    /** Before: 1 000 idle and 500 slowloris connections all stayed open. */
    @Test
    void idleAndSlowConnectionsAreClosed() throws Exception {
        f = new ServerFixture(tmp, c -> c.withConnectionIdle(Duration.ofMillis(800)));
        List<Socket> idle = new ArrayList<>();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                idle.add(new Socket("127.0.0.1", f.server.port()));
                Socket s = new Socket("127.0.0.1", f.server.port());
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long deadline = System.currentTimeMillis() + 4000;
            while (System.currentTimeMillis() < deadline) { // drip one header byte at a time
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write('X');
                    } catch (SocketException closed) {
                        // the server has closed it
                    }
                }
                Thread.sleep(100);
            }
            for (Socket s : idle) {
                assertClosed(s, "idle");
            }
            for (Socket s : slow) {
                assertClosed(s, "slowloris");
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private static void assertClosed(Socket s, String what) throws Exception {
        s.setSoTimeout(2000); // a still-open connection throws SocketTimeoutException: "<what> stayed open"
        InputStream in = s.getInputStream();
        try {
            int b;
            do {
                b = in.read();
            } while (b >= 0);
        } catch (SocketException reset) {
            return; // reset by the server: closed too
        }
        // end of stream: the server closed the connection (an open one would time out above and fail the test)
    }
}
