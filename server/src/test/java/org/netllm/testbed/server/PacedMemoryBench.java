package org.netllm.testbed.server;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.server.session.NetemLinks;

/**
 * Heap held by concurrent paced transfers (issue 11 §5: 200 paced GETs of an Envivio top-quality segment held
 * +480 MB when each transfer read its whole body). A server in this JVM with the production links over a 12 Mbit/s
 * trace; N sessions each GET a 2.35 MB segment on their own connection and do not read (the link keeps pacing);
 * heap in use after a full GC is printed before the requests and while the transfers run.
 * Run: {@code mvn -o -q -pl server -am test-compile}, then
 * {@code java -Xmx2g -cp "server/target/test-classes:server/target/classes:$(cat cp.txt)" org.netllm.testbed.server.PacedMemoryBench [gets]}.
 */
public final class PacedMemoryBench {

    private static final int ENVIVIO_Q5_BYTES = 2_354_772;
    private static final int DEFAULT_GETS = 200;
    private static final long SETTLE_MS = 1500;
    private static final double MB = 1024.0 * 1024.0;

    private PacedMemoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int gets = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_GETS;
        Path tmp = Files.createTempDirectory("paced-memory");
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withMaxSessions(Math.max(gets, 256)), ServerFixture.CHUNKS,
                new NetemLinks())) {
            Files.writeString(tmp.resolve("traces/set-a/12mbps"), "1\n"); // one 1500-byte packet per ms
            Files.write(f.content.resolve(ServerFixture.VIDEO).resolve("big.m4s"), TestContent.bytes(ENVIVIO_Q5_BYTES, 1));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < gets; i++) {
                HttpResponse<String> r = f.postJson("/api/sessions", "{\"algorithm\":\"bba\",\"video\":\""
                        + ServerFixture.VIDEO + "\",\"trace\":\"traces/set-a/12mbps\",\"link\":{\"mode\":\"builtin\",\"delayMs\":40}}");
                ids.add(ServerFixture.json(r).get("id").asText());
            }
            MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
            double before = heapAfterGc(mem);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (String id : ids) {
                    Socket s = new Socket("127.0.0.1", f.server.port());
                    OutputStream out = s.getOutputStream();
                    out.write(("GET /s/" + id + "/content/" + ServerFixture.VIDEO + "/big.m4s HTTP/1.1\r\nHost: 127.0.0.1:"
                            + f.server.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sockets.add(s);
                }
                Thread.sleep(SETTLE_MS);
                double during = heapAfterGc(mem);
                System.out.printf("%d concurrent paced GETs of %d B: heap after GC %.1f MB before, %.1f MB during"
                        + " (+%.1f MB, %.2f MB per transfer)%n", gets, ENVIVIO_Q5_BYTES, before, during, during - before,
                        (during - before) / gets);
                // evidence that the transfers were under way when measured
                for (String line : f.get("/metrics").body().split("\n")) {
                    if (line.startsWith("testbed_abr_bytes_served_total{shaping=\"shaped\"}")
                            || line.startsWith("testbed_abr_shaped_")) {
                        System.out.println("  " + line);
                    }
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static double heapAfterGc(MemoryMXBean mem) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        return mem.getHeapMemoryUsage().getUsed() / MB;
    }
}
