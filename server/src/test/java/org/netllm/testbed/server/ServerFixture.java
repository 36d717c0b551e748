package org.netllm.testbed.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.AbrTask;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.LinkFactory;

/**
 * A real server on 127.0.0.1:0 over a temp content folder (video "testvid", 6 chunks) and a temp
 * traces folder ({@code traces/set-a/const}), the standard algorithms plus {@link RecordingAlgorithm}, links = {@link ConstantRateLink} at 500 B/ms, 40 ms.
 */
public final class ServerFixture implements AutoCloseable {

    public static final String VIDEO = "testvid";
    public static final int CHUNKS = 6;
    public static final long BASE_BYTES = 20_000;
    public static final String TRACE = "traces/set-a/const";
    public static final long LINK_BYTES_PER_MS = 500;
    public static final long LINK_DELAY_MS = 40;
    public static final ObjectMapper JSON = new ObjectMapper();
    /** A {@link RecordingAlgorithm} whose first decision for chunk 1 throws (a failed decide). */
    public static final String FAILS_ONCE = "recording-fails-once";
    /** {@link RecordingAlgorithm#NAME} and {@link #FAILS_ONCE}, deciding inline (on the event loop). */
    public static final String INLINE = "recording-inline";
    public static final String INLINE_FAILS_ONCE = "recording-inline-fails-once";

    public final Path root;
    public final Path content;
    public final Path results;
    public final TestbedServer server;
    public final AbrTask abr;
    public final List<RecordingAlgorithm> recorders = new CopyOnWriteArrayList<>();
    public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public ServerFixture(Path tmp) throws IOException {
        this(tmp, c -> c);
    }

    public ServerFixture(Path tmp, java.util.function.UnaryOperator<ServerConfig> tweak) throws IOException {
        this(tmp, tweak, CHUNKS);
    }

    public ServerFixture(Path tmp, java.util.function.UnaryOperator<ServerConfig> tweak, int chunks) throws IOException {
        this(tmp, tweak, chunks, (spec, trace) -> new ConstantRateLink(LINK_BYTES_PER_MS, spec.delayMs()));
    }

    /** With another link factory, e.g. the production {@code NetemLinks} replaying the traces folder's files. */
    public ServerFixture(Path tmp, java.util.function.UnaryOperator<ServerConfig> tweak, int chunks, LinkFactory links)
            throws IOException {
        root = tmp;
        content = tmp.resolve("content");
        results = tmp.resolve("results");
        Path traces = tmp.resolve("traces");
        TestContent.write(content, VIDEO, chunks, BASE_BYTES);
        Files.createDirectories(traces.resolve("set-a"));
        Files.writeString(traces.resolve("set-a/const"), "0\n1\n2\n");
        AbrAlgorithms algos = StandardAlgorithms.baselines()
                .register(RecordingAlgorithm.NAME, ctx -> {
                    RecordingAlgorithm r = new RecordingAlgorithm(ctx.video().levels());
                    recorders.add(r);
                    return r;
                })
                .register(FAILS_ONCE, ctx -> {
                    RecordingAlgorithm r = new RecordingAlgorithm(ctx.video().levels(), 1);
                    recorders.add(r);
                    return r;
                })
                .register(INLINE, ctx -> {
                    RecordingAlgorithm r = new RecordingAlgorithm(ctx.video().levels(), -1, true);
                    recorders.add(r);
                    return r;
                })
                .register(INLINE_FAILS_ONCE, ctx -> {
                    RecordingAlgorithm r = new RecordingAlgorithm(ctx.video().levels(), 1, true);
                    recorders.add(r);
                    return r;
                });
        ServerConfig cfg = tweak.apply(ServerConfig.defaults(content, results, traces).withPort(0));
        abr = new AbrTask(cfg, algos, ContentVideoLibrary.dashContent(content), links);
        server = new TestbedServer(cfg, List.of(abr), Optional.empty()).start();
    }

    /** Wraps an already started server (tests that compose their own task list). */
    private ServerFixture(Path tmp, TestbedServer server, AbrTask abr) {
        this.root = tmp;
        this.content = server.config().contentRoot();
        this.results = server.config().resultsDir();
        this.server = server;
        this.abr = abr;
    }

    public static ServerFixture around(Path tmp, TestbedServer server, AbrTask abr) {
        return new ServerFixture(tmp, server, abr);
    }

    public URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return post(path, "application/json", body);
    }

    public static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Creates a session and returns its id. */
    public String createSession(String algorithm) throws IOException, InterruptedException {
        return createSessionReply(algorithm).get("id").asText();
    }

    /** Creates a session and returns the create reply (id, pensieveUrl with the session's token, ...). */
    public JsonNode createSessionReply(String algorithm) throws IOException, InterruptedException {
        HttpResponse<String> r = postJson("/api/sessions", "{\"algorithm\":\"" + algorithm + "\",\"video\":\"" + VIDEO
                + "\",\"trace\":\"" + TRACE + "\",\"link\":{\"mode\":\"builtin\",\"delayMs\":40}}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create failed: " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    /** A decision body for chunk k (times 1000 ms apart, 250 ms download, rebuffer 100 ms per chunk). */
    public static String decisionBody(int chunk, int quality, long bytes, double bufferS, long cumRebufMs) {
        long t0 = 1_700_000_000_000L + chunk * 1000L;
        return "{\"chunkIndex\":" + chunk + ",\"quality\":" + quality + ",\"bufferS\":" + bufferS + ",\"rebufferMs\":"
                + cumRebufMs + ",\"requestTimeMs\":" + t0 + ",\"firstByteTimeMs\":" + (t0 + 50) + ",\"endTimeMs\":"
                + (t0 + 300) + ",\"bytes\":" + bytes + "}";
    }

    @Override
    public void close() {
        server.close();
    }
}
