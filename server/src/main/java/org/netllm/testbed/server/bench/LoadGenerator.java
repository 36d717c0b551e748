package org.netllm.testbed.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.netllm.testbed.server.bench.LoadReport.AlgorithmFigures;
import org.netllm.testbed.server.bench.LoadReport.ThroughputFigures;

/**
 * Synthetic players over loopback: per algorithm, N sessions start together and each posts its
 * chunk reports one after another (as a player does: the next report only after the reply),
 * then ends. Then K connections fetch one unshaped segment in a loop to measure static throughput.
 * Sessions use link mode "none" (decisions and static files are what is measured, not the link).
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Synthetic report values: a plausible 4 s chunk at ~1.2 Mbit/s. */
    private static final long CHUNK_BYTES = 600_000;
    private static final double DOWNLOAD_MS = 800;
    private static final double CHUNK_S = 4.0;
    private static final double MAX_BUFFER_S = 60;
    private static final long EPOCH_BASE_MS = 1_700_000_000_000L;

    private final LoadSettings settings;
    private final HttpClient http;

    public LoadGenerator(LoadSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    public LoadReport run() throws InterruptedException {
        List<AlgorithmFigures> rounds = new ArrayList<>();
        for (String algorithm : settings.algorithms()) {
            rounds.add(round(algorithm));
        }
        ThroughputFigures segs = settings.segmentPath() == null || settings.segmentSeconds() == 0 ? null : segments();
        return new LoadReport(rounds, segs);
    }

    private AlgorithmFigures round(String algorithm) throws InterruptedException {
        int n = settings.sessions();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<double[][]>> results = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int i = 0; i < n; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return session(algorithm, errors);
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        List<Double> server = new ArrayList<>();
        List<Double> alg = new ArrayList<>();
        List<Double> rtt = new ArrayList<>();
        for (Future<double[][]> f : results) {
            try {
                double[][] r = f.get();
                for (double v : r[0]) {
                    server.add(v);
                }
                for (double v : r[1]) {
                    rtt.add(v);
                }
                for (double v : r[2]) {
                    alg.add(v);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                errors.incrementAndGet();
            }
        }
        double wallS = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return new AlgorithmFigures(algorithm, n, LoadReport.sorted(toArray(server)), LoadReport.sorted(toArray(alg)),
                LoadReport.sorted(toArray(rtt)), errors.get(), wallS);
    }

    /** One synthetic player; returns {serverLatencies, roundTrips, algorithmTimes}. */
    private double[][] session(String algorithm, AtomicLong errors) throws IOException, InterruptedException {
        HttpResponse<String> created = postJson("/api/sessions", "{\"algorithm\":\"" + algorithm + "\",\"video\":\""
                + settings.video() + "\",\"trace\":null,\"link\":{\"mode\":\"none\",\"delayMs\":0},\"label\":\"load\"}");
        if (created.statusCode() != 201) {
            throw new IOException("create session: " + created.statusCode() + " " + created.body());
        }
        JsonNode c = JSON.readTree(created.body());
        String id = c.get("id").asText();
        int chunks = Math.min(settings.chunks(), c.get("totalChunks").asInt());
        int quality = c.get("initialQuality").asInt();
        double[] server = new double[chunks];
        double[] rtt = new double[chunks];
        double[] alg = new double[chunks];
        int done = 0;
        double buffer = 0;
        for (int k = 0; k < chunks; k++) {
            buffer = Math.min(MAX_BUFFER_S, buffer + CHUNK_S - DOWNLOAD_MS / 1000.0);
            long t = EPOCH_BASE_MS + k * 4000L;
            String body = "{\"chunkIndex\":" + k + ",\"quality\":" + quality + ",\"bufferS\":" + buffer
                    + ",\"rebufferMs\":0,\"requestTimeMs\":" + t + ",\"firstByteTimeMs\":" + (t + 40) + ",\"endTimeMs\":"
                    + (t + 40 + (long) DOWNLOAD_MS) + ",\"bytes\":" + CHUNK_BYTES + "}";
            long s = System.nanoTime();
            HttpResponse<String> r = postJson("/api/sessions/" + id + "/decision", body);
            double ms = (System.nanoTime() - s) / 1e6;
            if (r.statusCode() != 200) {
                errors.incrementAndGet();
                break;
            }
            JsonNode j = JSON.readTree(r.body());
            quality = j.get("quality").asInt();
            server[done] = j.get("decisionLatencyMs").asDouble();
            rtt[done] = ms;
            alg[done] = j.get("algorithmMs").asDouble();
            done++;
        }
        HttpResponse<String> end = postJson("/api/sessions/" + id + "/end", "{\"reason\":\"ended\",\"detail\":\"load\"}");
        if (end.statusCode() != 200) {
            errors.incrementAndGet();
        }
        return new double[][] {Arrays.copyOf(server, done), Arrays.copyOf(rtt, done), Arrays.copyOf(alg, done)};
    }

    private ThroughputFigures segments() throws InterruptedException {
        int k = settings.fetchers();
        AtomicLong bytes = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long deadline = System.nanoTime() + (long) (settings.segmentSeconds() * 1e9);
        URI uri = URI.create(settings.baseUrl() + settings.segmentPath());
        ExecutorService pool = Executors.newFixedThreadPool(k);
        long t0 = System.nanoTime();
        for (int i = 0; i < k; i++) {
            pool.submit(() -> {
                byte[] buf = new byte[1 << 16];
                while (System.nanoTime() < deadline) {
                    try {
                        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        long got = 0;
                        try (InputStream in = r.body()) {
                            for (int n; (n = in.read(buf)) > 0; ) {
                                got += n;
                            }
                        }
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            bytes.addAndGet(got);
                            requests.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, java.util.concurrent.TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new ThroughputFigures(settings.segmentPath(), k, bytes.get(), requests.get(), seconds, errors.get());
    }

    private HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }
}
