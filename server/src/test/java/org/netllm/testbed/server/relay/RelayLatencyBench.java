package org.netllm.testbed.server.relay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.AbrTask;
import org.netllm.testbed.server.http.TestbedServer;
import java.util.Optional;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.NetemLinks;

/**
 * What the bypass path costs per decision: sequential decision POSTs (the page's synchronous XHR)
 * straight to the server's TCP port vs through a {@link DecisionRelay} and the Unix socket. Server,
 * relay and client share this JVM. Not a JUnit test; run by hand (netem/README.md "Mahimahi"):
 * {@code java -cp <server test classpath> org.netllm.testbed.server.relay.RelayLatencyBench <content root> [sessions]}.
 */
public final class RelayLatencyBench {

    /** Chunk reports per session: Envivio's 49 chunks less the last (its reply is not a decision). */
    private static final int DECISIONS_PER_SESSION = 48;
    private static final int DEFAULT_SESSIONS = 40;

    private RelayLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RelayLatencyBench <content root with envivio/> [sessions]");
            System.exit(2);
        }
        Path content = Path.of(args[0]);
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SESSIONS;
        Path tmp = Files.createTempDirectory("relay-bench-");
        Path socket = tmp.resolve("d.sock");
        ServerConfig cfg = ServerConfig.defaults(content, tmp.resolve("results"), Files.createDirectories(tmp.resolve("traces")))
                .withPort(0).withDecisionSocket(socket);
        try (TestbedServer server = new TestbedServer(cfg, List.of(new AbrTask(cfg, StandardAlgorithms.registry(),
                ContentVideoLibrary.dashContent(content), new NetemLinks())), Optional.empty()).start();
             DecisionRelay relay = new DecisionRelay(RelayConfig.of(socket, 0)).start()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int round = 0; round < 2; round++) { // round 0 warms up both paths
                for (String base : List.of(server.baseUrl(), relay.baseUrl())) {
                    List<Double> ms = run(http, base, sessions);
                    if (round == 1) {
                        Collections.sort(ms);
                        System.out.printf(Locale.ROOT, "%-22s n=%d p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms%n",
                                base.equals(server.baseUrl()) ? "direct (TCP)" : "relay (TCP + socket)", ms.size(), ms.get(ms.size() / 2),
                                ms.get((int) (ms.size() * 0.9)), ms.get((int) (ms.size() * 0.99)), ms.get(ms.size() - 1));
                    }
                }
            }
        }
    }

    private static List<Double> run(HttpClient http, String base, int sessions) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            String created = post(http, base + "/api/sessions",
                    "{\"algorithm\":\"bba\",\"video\":\"envivio\",\"trace\":null,\"link\":{\"mode\":\"none\"}}");
            String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            for (int k = 0; k < DECISIONS_PER_SESSION; k++) {
                long t0 = 1_700_000_000_000L + k * 1000L;
                String body = "{\"chunkIndex\":" + k + ",\"quality\":1,\"bufferS\":" + (2.0 + k % 10) + ",\"rebufferMs\":0,"
                        + "\"requestTimeMs\":" + t0 + ",\"firstByteTimeMs\":" + (t0 + 50) + ",\"endTimeMs\":" + (t0 + 300)
                        + ",\"bytes\":500000}";
                long n0 = System.nanoTime();
                post(http, base + "/api/sessions/" + id + "/decision", body);
                ms.add((System.nanoTime() - n0) / 1e6);
            }
            post(http, base + "/api/sessions/" + id + "/end", "{\"reason\":\"ended\"}");
        }
        return ms;
    }

    private static String post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
