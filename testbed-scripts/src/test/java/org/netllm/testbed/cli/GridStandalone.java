package org.netllm.testbed.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Selenium Grid 4 standalone (hub + one node in one process) in its OWN JVM, from the jars the
 * grid-runtime module copies to {@code testbed-scripts/grid-runtime/target/grid/}: its Selenium version
 * (4.47) differs from this module's client (4.52), so the two must never share a classpath.
 */
final class GridStandalone implements AutoCloseable {

    static final String MAIN_CLASS = "org.openqa.selenium.grid.Main";
    static final Path RUNTIME_DIR = Path.of("testbed-scripts", "grid-runtime");
    static final Path JARS = RUNTIME_DIR.resolve("target").resolve("grid");
    static final Path NODE_CONFIG = RUNTIME_DIR.resolve("chromium-node.toml");
    /** The Grid JVM needs little; keep it off the 2-core test machine's memory budget. */
    static final String GRID_HEAP = "-Xmx512m";
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Process process;
    private final URI url;
    private final Path log;

    private GridStandalone(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts the standalone on a free loopback port and waits until {@code /status} says ready.
     *
     * @param repoRoot the checkout (grid-runtime's jars and node config are found under it)
     * @param log      file the Grid's stdout+stderr go to
     */
    static GridStandalone start(Path repoRoot, Path log, Duration readyTimeout) throws IOException, InterruptedException {
        Path jars = repoRoot.resolve(JARS);
        try (var list = Files.list(jars)) {
            if (list.noneMatch(p -> p.getFileName().toString().startsWith("selenium-grid-"))) {
                throw new IllegalStateException("no selenium-grid jar in " + jars);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException(jars + " is missing; build it: mvn -o -pl testbed-scripts -am -DskipTests package", e);
        }
        int port = freeLoopbackPort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), GRID_HEAP, "-cp", jars + "/*", MAIN_CLASS, "standalone",
                "--config", repoRoot.resolve(NODE_CONFIG).toString(), "--host", "127.0.0.1", "--port", Integer.toString(port));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GridStandalone grid = new GridStandalone(p, URI.create("http://127.0.0.1:" + port), log);
        try {
            grid.awaitReady(readyTimeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            grid.close();
            throw e;
        }
        return grid;
    }

    URI url() {
        return url;
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Grid exited with " + process.exitValue() + " before ready:\n" + logText());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/status")).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && json.readTree(r.body()).path("value").path("ready").asBoolean()) {
                    return;
                }
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
                last = e.toString(); // still starting
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("Grid at " + url + " not ready after " + timeout.toSeconds() + " s; last /status: " + last
                + "\n" + logText());
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the Grid and whatever it started (chromedriver, Chromium) if a session was left open. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
