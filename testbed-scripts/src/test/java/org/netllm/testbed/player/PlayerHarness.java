package org.netllm.testbed.player;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/**
 * Test-scope stand-in for the testbed server: serves the packaged player pages from the classpath
 * and one generated video under {@code /s/<id>/content/<video>/}, answers the decision endpoint per
 * docs/protocol.md §2 with a scripted quality per chunk, and records every request the browser makes.
 */
final class PlayerHarness implements AutoCloseable {

    static final String SESSION = "s-test";
    /** How often {@link #waitForEnd} reads the page's state. */
    private static final long POLL_MS = 250;

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final List<String> mediaPaths = new CopyOnWriteArrayList<>();
    final List<JsonObject> decisionBodies = new CopyOnWriteArrayList<>();
    final List<JsonObject> endBodies = new CopyOnWriteArrayList<>();
    final List<JsonArray> eventBatches = new CopyOnWriteArrayList<>();

    /**
     * @param contentRoot folder holding {@code <video>/manifest.mpd}
     * @param chooser     quality for chunk n (n ≥ 1), as the server would decide it
     */
    PlayerHarness(Path contentRoot, String video, int totalChunks, int initialQuality, IntUnaryOperator chooser)
            throws Exception {
        Router r = Router.router(vertx);
        r.route("/player/*").handler(StaticHandler.create("META-INF/resources/player").setCachingEnabled(false));
        String contentPrefix = "/s/" + SESSION + "/content/";
        r.get(contentPrefix + "*").handler(ctx -> {
            mediaPaths.add(ctx.normalizedPath().substring(contentPrefix.length()));
            ctx.next();
        });
        r.get(contentPrefix + "*").handler(StaticHandler.create(FileSystemAccess.ROOT, contentRoot.toAbsolutePath().toString())
                .setCachingEnabled(false).setAlwaysAsyncFS(true));
        JsonObject session = new JsonObject().put("id", SESSION).put("algorithm", "scripted").put("video", video)
                .put("manifestUrl", contentPrefix + video + "/manifest.mpd").put("initialQuality", initialQuality)
                .put("totalChunks", totalChunks).put("decisionUrl", "/api/sessions/" + SESSION + "/decision")
                .put("playerUrl", "/player/index.html?session=" + SESSION).put("state", "active");
        r.get("/api/sessions/" + SESSION).handler(ctx -> ctx.json(session));
        r.post("/api/sessions/" + SESSION + "/*").handler(BodyHandler.create());
        r.post("/api/sessions/" + SESSION + "/decision").handler(ctx -> {
            JsonObject body = ctx.body().asJsonObject();
            decisionBodies.add(body);
            int next = body.getInteger("chunkIndex") + 1;
            int q = next < totalChunks ? chooser.applyAsInt(next) : body.getInteger("quality");
            ctx.json(new JsonObject().put("quality", q).put("chunk", next).put("algorithm", "scripted").put("decisionLatencyMs", 0.01));
        });
        r.post("/api/sessions/" + SESSION + "/events").handler(ctx -> {
            eventBatches.add(ctx.body().asJsonArray());
            ctx.response().setStatusCode(204).end();
        });
        r.post("/api/sessions/" + SESSION + "/end").handler(this::end);
        server = vertx.createHttpServer().requestHandler(r).listen(0, "127.0.0.1").await();
    }

    private void end(RoutingContext ctx) {
        endBodies.add(ctx.body().asJsonObject());
        ctx.json(new JsonObject().put("id", SESSION).put("chunks", decisionBodies.size())
                .put("qoe", new JsonObject().put("mean", 0.0).put("lambda", 4.3)));
    }

    /**
     * Headless Debian Chromium with explicit binaries (so Selenium Manager never tries to download a driver) and a
     * fresh profile under {@code profileParent}; the caller quits it.
     */
    static ChromeDriver startChrome(Path profileParent) throws java.io.IOException {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
                "--user-data-dir=" + Files.createDirectories(profileParent.resolve("profile")));
        return new ChromeDriver(service, o);
    }

    /**
     * Polls the page's {@code window.testbed} until it has ended or failed and returns it; past {@code timeout} fails
     * with what {@code diagnosticsScript} (a JavaScript {@code return ...}) reports.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> waitForEnd(ChromeDriver driver, Duration timeout, String diagnosticsScript)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Object state = ((JavascriptExecutor) driver).executeScript("return window.testbed && window.testbed.state");
            if ("ended".equals(state) || "error".equals(state)) {
                return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("return window.testbed");
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("page did not finish within " + timeout + ": "
                + ((JavascriptExecutor) driver).executeScript(diagnosticsScript));
    }

    String origin() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
