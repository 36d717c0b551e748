package org.netllm.testbed.abr.sim;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.traces.CookedTrace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Chunk steps per second of {@link ChunkSimulator} over fcc-test (fixed mode, the env cycling through
 * all 100 traces, qualities cycling 0..5). Run: {@code mvn -o -q -pl abr-controller -am test-compile}
 * then {@code java -cp <test classpath> -Dtestbed.root=. org.netllm.testbed.abr.sim.ChunkSimulatorBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkSimulatorBench {

    @Param({"true", "false"})
    public boolean fixed;

    private ChunkSimulator sim;
    private int quality;

    @Setup
    public void setup() {
        List<CookedTrace> traces = SimTestData.fccTest();
        int[] ptrs = SimTestData.fccTestStartPointers(traces);
        SplittableRandom rng = new SplittableRandom(SimConstants.REFERENCE_ENV_SEED);
        TracePlan plan = TracePlan.build(traces, ptrs, fixed, 0, rng);
        sim = new ChunkSimulator(VideoSpecs.envivio(), plan,
                new SimOptions(fixed, SimConstants.TOTAL_VIDEO_CHUNKS, SimConstants.REFERENCE_ENV_SEED), rng);
    }

    @Benchmark
    public ChunkResult step() {
        quality = quality == 5 ? 0 : quality + 1;
        return sim.step(quality);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ChunkSimulatorBench.class.getSimpleName())
                .jvmArgsAppend("-Dtestbed.root=" + System.getProperty("testbed.root", ".")).build()).run();
    }
}
