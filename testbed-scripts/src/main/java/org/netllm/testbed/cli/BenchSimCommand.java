package org.netllm.testbed.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.algo.FixedQuality;
import org.netllm.testbed.abr.sim.ChunkResult;
import org.netllm.testbed.abr.sim.ChunkSimulator;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.sim.SimOptions;
import org.netllm.testbed.abr.sim.SimulationRunner;
import org.netllm.testbed.abr.sim.SimulationSettings;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed bench sim}: (1) raw chunk steps/s of one {@link ChunkSimulator} cycling through
 * the trace set (NetLLM's env loop, one thread, qualities cycling 0..5); (2) full runner throughput
 * (sessions with per-chunk records and QoE) with a fixed-quality algorithm on all threads.
 */
@Command(name = "sim", mixinStandardHelpOptions = true, description = "Chunk-level simulator steps per second.")
public final class BenchSimCommand implements Callable<Integer> {

    @Option(names = "--traces", defaultValue = "traces/fcc/test", description = "Cooked trace folder (default: ${DEFAULT-VALUE})")
    Path traces;

    @Option(names = "--start-pointers", description = "Start-pointer JSON (default: <traces>_mahimahi_ptrs.json if present)")
    Path startPointers;

    @Option(names = "--video", defaultValue = VideoSpecs.DEFAULT_NAME, description = "Video name or path (default: ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--seconds", defaultValue = "3", description = "Measured time per figure, s (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--warmup-max", defaultValue = "" + 60, description = "Longest warm-up per figure, s; warm-up otherwise runs "
            + "1 s windows until 3 in a row agree within 5 %% (default: ${DEFAULT-VALUE})")
    double warmupMax;

    @Option(names = "--threads", description = "Runner threads (default: available processors)")
    Integer threads;

    private static final long NANOS_PER_S = 1_000_000_000L;
    /** One warm-up window, s. */
    private static final double WINDOW_S = 1.0;

    private static double nowS() {
        return System.nanoTime() / (double) NANOS_PER_S;
    }
    private static final int CHECK_EVERY_STEPS = 1 << 16;

    /** Keeps results observable so the JIT cannot drop the steps. */
    private volatile double sink;

    @Override
    public Integer call() throws IOException {
        if (!(seconds > 0) || !(warmupMax >= StableWarmup.DEFAULT.minSeconds())) {
            throw new IllegalArgumentException("--seconds must be > 0 and --warmup-max >= " + StableWarmup.DEFAULT.minSeconds());
        }
        StableWarmup warm = new StableWarmup(StableWarmup.DEFAULT.windows(), StableWarmup.DEFAULT.tolerance(),
                StableWarmup.DEFAULT.minSeconds(), warmupMax);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers <= 0) {
            throw new IllegalArgumentException("--threads must be > 0, got " + workers);
        }
        VideoSpec spec = VideoSpecs.load(video);
        SimInputs inputs = SimInputs.load(traces, startPointers, true);
        TracePlan plan = inputs.plan(true, 0, SimConstants.REFERENCE_ENV_SEED);

        StableWarmup.Result w1 = warm.run(() -> rawSteps(spec, plan, WINDOW_S), BenchSimCommand::nowS);
        double stepsPerS = rawSteps(spec, plan, seconds);
        System.out.printf(Locale.ROOT, "simulator steps/s (1 thread, %d traces, fixed): %,.0f  (%.1f ns/step; %s)%n",
                plan.size(), stepsPerS, 1e9 / stepsPerS, w1.describe());

        SimulationSettings settings = SimulationSettings.netllmDefaults(spec, workers);
        StableWarmup.Result w2 = warm.run(() -> runner(settings, plan, WINDOW_S), BenchSimCommand::nowS);
        double chunkPerS = runner(settings, plan, seconds);
        System.out.printf(Locale.ROOT, "runner chunks/s (%d threads, fixed-3, records + QoE): %,.0f  (%s)%n", workers, chunkPerS,
                w2.describe());
        return 0;
    }

    private double rawSteps(VideoSpec spec, TracePlan plan, double forSeconds) {
        ChunkSimulator sim = new ChunkSimulator(spec, plan, SimOptions.NETLLM_FIXED);
        int levels = spec.levels();
        long deadline = System.nanoTime() + (long) (forSeconds * NANOS_PER_S);
        long steps = 0;
        long start = System.nanoTime();
        long now;
        double acc = 0;
        do {
            for (int i = 0; i < CHECK_EVERY_STEPS; i++) {
                ChunkResult r = sim.step((int) (steps + i) % levels);
                acc += r.delayMs();
            }
            steps += CHECK_EVERY_STEPS;
            now = System.nanoTime();
        } while (now < deadline);
        sink += acc;
        return steps * (double) NANOS_PER_S / (now - start);
    }

    private double runner(SimulationSettings settings, TracePlan plan, double forSeconds) {
        SimulationRunner runner = new SimulationRunner(settings);
        long deadline = System.nanoTime() + (long) (forSeconds * NANOS_PER_S);
        long start = System.nanoTime();
        long chunks = 0;
        long now;
        do {
            var res = runner.run(List.of("fixed-3"), List.of(ctx -> new FixedQuality(3, ctx.video().levels())), plan,
                    SimulationRunner.Progress.NONE);
            chunks += (long) plan.size() * settings.totalChunks();
            sink += res.get(0).summary().qoeMean();
            now = System.nanoTime();
        } while (now < deadline);
        return chunks * (double) NANOS_PER_S / (now - start);
    }
}
