package org.netllm.testbed.abr.algo.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.algo.bba.BufferBased;
import org.netllm.testbed.abr.testing.Fixtures;
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
 * Per-decision latency of every baseline (JMH SampleTime: prints p50/p90/p99/p99.9 per algorithm).
 * Each invocation is one {@code decide} on the next observation of a session recorded by BBA on
 * {@link RecordedSession}'s rate cycle; the session restarts (reset) after its last chunk.
 * Run: {@code mvn -o -q -pl abr-controller -am test-compile} then
 * {@code java -cp <test classpath> org.netllm.testbed.abr.algo.bench.DecisionLatencyBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DecisionLatencyBench {

    @Param({"bba", "robustmpc", "fastmpc", "bola", "throughput", "genet", "pensieve"})
    public String algorithm;

    private List<AbrObservation> session;
    private AbrAlgorithm abr;
    private int next;

    @Setup
    public void setup() {
        session = RecordedSession.record(Fixtures.video1(), 48, RecordedSession.DEFAULT_RATE_CYCLE_KBPS,
                new BufferBased(6));
        abr = StandardAlgorithms.baselines().create(algorithm, Fixtures.context(48, true));
    }

    @Benchmark
    public int decide() {
        if (next == session.size()) {
            next = 0;
            abr.reset();
        }
        return abr.decide(session.get(next++));
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(DecisionLatencyBench.class.getSimpleName()).build()).run();
    }
}
