package org.netllm.testbed.serverbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.serverbench.LoadSettings.Pacing;

/**
 * Load bench on a test content folder (no generated video needed): a server in this JVM, the load
 * generator in a child JVM; N sessions × chunks decisions, paced ({@code intervalMs} > 0) or
 * closed loop ({@code intervalMs} = 0), then 10 s of unshaped segment fetches. Prints the figures.
 * Run: {@code mvn -o -q -pl server-bench -am test-compile} then
 * {@code java -cp "server-bench/target/test-classes:server-bench/target/classes:server/target/test-classes:server/target/classes:$(cat cp.txt)" org.netllm.testbed.serverbench.ServerLoadBench [sessions] [chunks] [algorithm] [intervalMs]}.
 */
public final class ServerLoadBench {

    private static final int ENVIVIO_Q5_BYTES = 2_354_772;
    private static final double WARM_UP_SECONDS = 10;
    private static final long DEFAULT_INTERVAL_MS = 100;

    private ServerLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 49;
        String algorithm = args.length > 2 ? args[2] : "fixed-3";
        long intervalMs = args.length > 3 ? Long.parseLong(args[3]) : DEFAULT_INTERVAL_MS;
        Path tmp = Files.createTempDirectory("server-load");
        int workers = Integer.getInteger("bench.workers", ServerConfig.DEFAULT_WORKER_THREADS);
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withWorkerThreads(workers), chunks)) {
            // an Envivio-sized top-quality segment (docs/reference/abr.md §2.1: ~2.2 MB at 4300 kbps)
            Files.write(f.content.resolve(ServerFixture.VIDEO).resolve("big.m4s"), TestContent.bytes(ENVIVIO_Q5_BYTES, 1));
            Pacing pacing = intervalMs > 0 ? Pacing.paced(intervalMs) : Pacing.closedLoopSaturation();
            LoadSettings s = new LoadSettings(f.server.baseUrl(), ServerFixture.VIDEO, List.of(algorithm), sessions, chunks,
                    pacing, "/content/" + ServerFixture.VIDEO + "/big.m4s", 10, 8);
            int rc = LoadProcess.run(new LoadJob(s, WARM_UP_SECONDS));
            System.out.println("load generator exit code " + rc);
        }
    }
}
