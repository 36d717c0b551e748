package org.netllm.testbed.netem;

import java.util.concurrent.TimeUnit;
import org.netllm.testbed.traces.CookedTrace;
import org.netllm.testbed.traces.MahimahiTrace;
import org.netllm.testbed.traces.TraceConverter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Schedules per second for one 2.3 MB chunk (≈ the top-quality chunk, docs/reference/abr.md §2.1) over a
 * 3 Mbit/s trace (0.25 packet/ms, so ≈ 1534 one-packet parts per schedule). Each call enqueues
 * 7 s of virtual time after the previous one, so the queue is idle as in a real session. The score
 * is schedules per second; 1e6 / score is the microseconds one schedule takes.
 * Run: see netem/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TraceDrivenLinkBench {

    private static final long CHUNK_BYTES = 2_300_000;
    private static final long SPACING_NANOS = 7_000_000_000L;
    private static final double TRACE_MBPS = 3.0;
    private static final double TRACE_SECONDS = 320;

    private TraceDrivenLink link;
    private long now;

    @Setup(Level.Trial)
    public void setUp() {
        MahimahiTrace trace = TraceConverter.toMahimahi(new CookedTrace("3mbps",
                new double[] {0, TRACE_SECONDS}, new double[] {TRACE_MBPS, TRACE_MBPS}));
        link = new TraceDrivenLink(trace, TraceDrivenLink.DEFAULT_ONE_WAY_DELAY_MS, 0);
        now = 0;
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DeliverySchedule scheduleChunk() {
        now += SPACING_NANOS;
        return link.enqueueDownlink(now, CHUNK_BYTES);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(TraceDrivenLinkBench.class.getSimpleName())
                .forks(0)
                .build()).run();
    }
}
