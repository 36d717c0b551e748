package org.netllm.testbed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.serving.ServerAssembly;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.NetemLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./testbed serve}: the testbed server until Ctrl-C; prints the player URLs. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve DASH content, the player pages and the ABR decision API until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Bind address (default: ${DEFAULT-VALUE}, loopback only)")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--content", defaultValue = "content", description = "DASH content root from ./testbed video (default: ${DEFAULT-VALUE})")
    Path content;

    @Option(names = "--traces", defaultValue = "traces", description = "Traces root (default: ${DEFAULT-VALUE})")
    Path traces;

    @Option(names = "--results", defaultValue = "results/sessions",
            description = "Per-session logs go to <results>/<session>/ (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--workers", description = "Decision worker threads (default: CPU count, at least 2)")
    Integer workers;

    @Option(names = "--idle-minutes", defaultValue = "5", description = "End sessions idle this long (default: ${DEFAULT-VALUE})")
    long idleMinutes;

    @Option(names = "--decision-socket", paramLabel = "PATH", description = "also serve on this Unix-domain socket, for "
            + "decision relays inside Mahimahi shells (decisions bypass the link; netem/README.md \"Mahimahi\")")
    Path decisionSocket;

    @Option(names = "--netllm-model", paramLabel = "PATH", description = "also serve this NetLLM checkpoint folder as "
            + "algorithm netllm:PATH (repeatable; requests can name only the models given here and the embedded netllm)")
    List<Path> netllmModels = new ArrayList<>();

    @Option(names = "--trusted-host", paramLabel = "NAME", description = "also accept this host name in Host/Origin "
            + "headers (repeatable; IP literals and localhost always are): the name browsers on other machines use")
    List<String> trustedHosts = new ArrayList<>();

    @Option(names = "--cjs-model", paramLabel = "DIR", description = "NetLLM-CJS checkpoint (or a `cjs train` run folder) "
            + "served as policy netllm (default: the embedded adapter)")
    Path cjsModel;

    @Option(names = "--max-sessions", defaultValue = "" + ServerConfig.DEFAULT_MAX_SESSIONS,
            description = "Most live sessions per task; more are refused with 503 (default: ${DEFAULT-VALUE})")
    int maxSessions;

    /** True when {@code content} holds at least one video folder. */
    private static boolean hasVideo(Path content) throws java.io.IOException {
        if (!Files.isDirectory(content)) {
            return false;
        }
        try (var entries = Files.list(content)) {
            return entries.anyMatch(Files::isDirectory);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!hasVideo(content)) {
            // a fresh checkout: make the content as demo does instead of sending the user to ./testbed video
            System.out.println("no video under " + content.toAbsolutePath() + ": generating " + ContentSetup.SOURCE_VIDEO
                    + " (as ./testbed video does; once)");
            ContentSetup.ensure(content, ContentSetup.SOURCE_VIDEO, ContentSetup.fullChunks());
        }
        if (!Files.isDirectory(traces)) {
            throw new IllegalArgumentException("traces folder " + traces.toAbsolutePath() + " not found (--traces)");
        }
        ServerConfig cfg = ServerConfig.defaults(content, results, traces).withHost(host).withPort(port)
                .withSessionIdle(Duration.ofMinutes(idleMinutes));
        cfg = cfg.withMaxSessions(maxSessions).withTrustedHosts(trustedHosts);
        if (workers != null) {
            cfg = cfg.withWorkerThreads(workers);
        }
        if (decisionSocket != null) {
            cfg = cfg.withDecisionSocket(decisionSocket);
        }
        ContentVideoLibrary videos = ContentVideoLibrary.dashContent(content);
        ServerAssembly assembly = ServerAssembly.start(cfg, videos, new NetemLinks(),
                netllmModels.stream().map(p -> NetLlmModels.PATH_PREFIX + p).toList(),
                java.util.Optional.ofNullable(cjsModel).map(RepoRoot::userPath));
        TestbedServer server = assembly.server();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            assembly.close();
            stopped.countDown();
        }, "testbed-serve-shutdown"));
        String base = server.baseUrl();
        System.out.println("testbed server on " + base + "  (videos: " + String.join(", ", videos.names()) + ")");
        System.out.println("  manual playback : " + base + "/player/manual.html");
        System.out.println("  experiment page : " + base + "/player/index.html?session=<id>  (POST /api/sessions first)");
        System.out.println("  catalog / health: " + base + "/api/catalog  " + base + "/health  " + base + "/metrics");
        if (decisionSocket != null) {
            System.out.println("  decision socket : unix:" + decisionSocket.toAbsolutePath().normalize()
                    + "  (relay: java -cp <classpath> org.netllm.testbed.server.relay.DecisionRelay --socket <path>)");
        }
        System.out.println("  session logs    : " + results.toAbsolutePath() + "/<session>/");
        System.out.println("Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
