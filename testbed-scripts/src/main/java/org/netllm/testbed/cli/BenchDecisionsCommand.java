package org.netllm.testbed.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.abr.algo.bba.BufferBased;
import org.netllm.testbed.abr.algo.bench.DecisionLatency;
import org.netllm.testbed.abr.algo.bench.LatencyStats;
import org.netllm.testbed.abr.algo.bench.RecordedSession;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed bench decisions}: per-decision latency of every baseline (System.nanoTime around
 * {@code decide}, after warm-up), replaying one session recorded by BBA on a cycling-rate link.
 */
@Command(name = "decisions", mixinStandardHelpOptions = true,
        description = "Time each ABR baseline's decide() over recorded observations; prints p50/p99/max in µs.")
public final class BenchDecisionsCommand implements Callable<Integer> {

    @Option(names = "--algorithms", split = ",",
            description = "Registry names (default: every registered algorithm except fixed-*)")
    List<String> algorithms;

    @Option(names = "--video", defaultValue = "video1",
            description = "Built-in video name, JSON table or video_size_* folder (default: ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--chunks", defaultValue = "48", description = "Chunks per recorded session (default: ${DEFAULT-VALUE})")
    int chunks;

    @Option(names = "--warmup", defaultValue = "2000", description = "Untimed warm-up sessions per algorithm (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--sessions", defaultValue = "500", description = "Timed sessions per algorithm (default: ${DEFAULT-VALUE})")
    int sessions;

    @Override
    public Integer call() {
        try (ModelService models = ModelService.forThisMachine()) {
            return run(StandardAlgorithms.registry(new NetLlmModels(models)));
        }
    }

    private int run(AbrAlgorithms registry) {
        VideoSpec spec = VideoSpecs.load(video);
        List<String> names = algorithms != null ? algorithms : defaultNames(registry);
        for (String n : names) {
            registry.factory(n); // fail fast on unknown names, listing the known ones
        }
        List<AbrObservation> session = RecordedSession.record(spec, chunks, RecordedSession.DEFAULT_RATE_CYCLE_KBPS,
                new BufferBased(spec.levels()));
        AbrContext context = new AbrContext(spec, QoeParams.NETLLM, chunks, 1L, true);
        DecisionLatency bench = new DecisionLatency(registry, context, session);
        System.out.printf("decision latency, %s, %d-chunk session recorded by BBA, %d warm-up + %d timed sessions, java %s%n",
                spec.name(), chunks, warmup, sessions, System.getProperty("java.version"));
        System.out.printf("%-18s %9s %10s %10s %10s%n", "algorithm", "samples", "p50_us", "p99_us", "max_us");
        for (String n : names) {
            LatencyStats s = bench.measure(n, warmup, sessions);
            System.out.printf("%-18s %9d %10.2f %10.2f %10.2f%n", s.algorithm(), s.samples(), s.p50Us(), s.p99Us(), s.maxUs());
        }
        System.out.printf("(decision checksum %d)%n", bench.checksum());
        return 0;
    }

    private static List<String> defaultNames(AbrAlgorithms registry) {
        List<String> out = new ArrayList<>();
        for (String n : registry.names()) {
            if (!n.startsWith("fixed-")) {
                out.add(n);
            }
        }
        return out;
    }
}
