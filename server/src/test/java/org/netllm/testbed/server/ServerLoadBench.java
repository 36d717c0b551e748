package org.netllm.testbed.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netllm.testbed.server.bench.LoadGenerator;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.bench.LoadReport;
import org.netllm.testbed.server.bench.LoadSettings;

/**
 * Load bench on a test content folder (no generated video needed): 100 concurrent sessions × 49
 * decisions per algorithm, then 10 s of unshaped segment fetches. Prints the figures.
 * Run: {@code mvn -o -q -pl server -am test-compile} then
 * {@code java -cp "server/target/test-classes:server/target/classes:$(cat cp.txt)" org.netllm.testbed.server.ServerLoadBench [sessions] [chunks]}.
 */
public final class ServerLoadBench {

    private static final int ENVIVIO_Q5_BYTES = 2_354_772;

    private ServerLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int chunks = args.length > 1 ? Integer.parseInt(args[1]) : 49;
        Path tmp = Files.createTempDirectory("server-load");
        int workers = Integer.getInteger("bench.workers", ServerConfig.DEFAULT_WORKER_THREADS);
        try (ServerFixture f = new ServerFixture(tmp, c -> c.withWorkerThreads(workers), 49)) {
            // an Envivio-sized top-quality segment (abr-reference §2.1: ~2.2 MB at 4300 kbps)
            Files.write(f.content.resolve(ServerFixture.VIDEO).resolve("big.m4s"), TestContent.bytes(ENVIVIO_Q5_BYTES, 1));
            LoadSettings s = new LoadSettings(f.server.baseUrl(), ServerFixture.VIDEO, List.of(args.length > 2 ? args[2] : "fixed-3"),
                    sessions, chunks, "/content/" + ServerFixture.VIDEO + "/big.m4s", 10, 8);
            LoadReport warm = new LoadGenerator(new LoadSettings(s.baseUrl(), s.video(), s.algorithms(), 10, chunks,
                    s.segmentPath(), 1, 2)).run();
            System.out.println("warm-up errors: " + warm.totalErrors());
            new LoadGenerator(s).run().print(System.out);
        }
    }
}
