package org.netllm.testbed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.serverbench.LoadJob;
import org.netllm.testbed.serverbench.LoadProcess;
import org.netllm.testbed.serverbench.LoadSettings;
import org.netllm.testbed.serverbench.LoadSettings.Pacing;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.serving.ServerAssembly;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.NetemLinks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed bench server}: starts the server on a free loopback port over the generated
 * content, then runs the load generator in a child JVM (non-blocking, one event loop): N concurrent
 * synthetic sessions per algorithm, paced like players (a report every {@code --interval-ms}) or
 * closed loop (saturation), then the top-quality first segment fetched unshaped for a while.
 * The generator prints decision latency p50/p99/max (server-side and round trip) and throughput.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Load-test the server: concurrent synthetic sessions (decision latency) and unshaped segment throughput.")
public final class BenchServerCommand implements Callable<Integer> {

    @Option(names = "--sessions", defaultValue = "100", description = "Concurrent sessions per algorithm (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--chunks", defaultValue = "49", description = "Decisions per session (default: ${DEFAULT-VALUE})")
    int chunks;

    @Option(names = "--algorithms", split = ",", defaultValue = "bba,robustmpc", description = "Registry names (default: ${DEFAULT-VALUE})")
    List<String> algorithms;

    @Option(names = "--content", defaultValue = "content", description = "Content root (default: ${DEFAULT-VALUE})")
    Path content;

    @Option(names = "--video", description = "Video folder (default: the first under --content)")
    String video;

    @Option(names = "--segment-seconds", defaultValue = "10", description = "Static throughput phase length, s (default: ${DEFAULT-VALUE}; 0 = skip)")
    double segmentSeconds;

    @Option(names = "--fetchers", defaultValue = "8", description = "Connections in the throughput phase (default: ${DEFAULT-VALUE})")
    int fetchers;

    @Option(names = "--workers", description = "Server decision worker threads (default: CPU count, at least 2)")
    Integer workers;

    @Option(names = "--interval-ms", defaultValue = "100",
            description = "Paced mode: think time between a reply and the session's next report, ms (default: ${DEFAULT-VALUE}:"
                    + " 100 sessions = ~1000 decisions/s)")
    long intervalMs;

    @Option(names = "--closed-loop", description = "Saturation instead: each session reports again as soon as its reply arrives"
            + " (prints the max decisions/s)")
    boolean closedLoop;

    @Option(names = "--warmup-seconds", defaultValue = "10",
            description = "Unreported closed-loop rounds first, for at least this long, so the JIT has compiled the"
                    + " decision path (default: ${DEFAULT-VALUE}; 0 = none)")
    double warmUpSeconds;

    @Override
    public Integer call() throws Exception {
        ContentVideoLibrary videos = ContentVideoLibrary.dashContent(content);
        List<String> names = videos.names();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no video under " + content.toAbsolutePath() + ": run ./testbed video first");
        }
        String v = video != null ? video : names.get(0);
        VideoSpec spec = videos.spec(v);
        Path results = Files.createTempDirectory("bench-server-results");
        ServerConfig cfg = ServerConfig.defaults(content, results, Path.of("traces")).withPort(0);
        if (workers != null) {
            cfg = cfg.withWorkerThreads(workers);
        }
        Pacing pacing = closedLoop ? Pacing.closedLoopSaturation() : Pacing.paced(intervalMs);
        int rc;
        try (ServerAssembly assembly = ServerAssembly.start(cfg, videos, new NetemLinks(), algorithms.stream().filter(org.netllm.testbed.abr.algo.StandardAlgorithms::isModelFolderName).toList())) {
            TestbedServer server = assembly.server();
            String segment = "/content/" + v + "/" + spec.topQuality() + "/1.m4s";
            System.out.println("video " + v + " (" + spec.chunks() + " chunks), " + Runtime.getRuntime().availableProcessors()
                    + " CPUs, " + cfg.workerThreads() + " decision workers; server in this JVM, load generator in a child JVM");
            rc = LoadProcess.run(new LoadJob(new LoadSettings(server.baseUrl(), v, algorithms, sessions, chunks, pacing,
                    segment, segmentSeconds, fetchers), warmUpSeconds));
            printBatches(assembly.models().stats());
        } finally {
            try (Stream<Path> walk = Files.walk(results)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return rc;
    }

    /**
     * NetLLM decisions of the whole run (warm-up included) by backbone-forward batch size: the batch sizes the
     * server's HTTP path actually reached (the model service is in this JVM). Nothing when no NetLLM ran.
     */
    private static void printBatches(org.netllm.testbed.netllm.serve.BatchStats stats) {
        if (stats.decisions() == 0) {
            return;
        }
        long[] h = stats.histogram();
        StringBuilder sb = new StringBuilder();
        int largest = 0;
        double sum = 0;
        long batched = 0;
        for (int n = 1; n < h.length; n++) {
            if (h[n] > 0) {
                sb.append(' ').append(n).append('x').append(h[n]);
                largest = n;
                sum += (double) n * h[n];
                batched += h[n];
            }
        }
        System.out.printf(java.util.Locale.ROOT, "netllm batches: %d decisions in %d backbone forwards (%d alone by the "
                + "idle bypass), mean batch %.2f, largest %d; size x forwards:%s%n", stats.decisions(), batched,
                stats.bypassed(), batched == 0 ? 0.0 : sum / batched, largest, sb);
    }
}
