package org.netllm.testbed.abr.algo.bench;

import java.util.List;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;

/**
 * Times {@link AbrAlgorithm#decide} with {@link System#nanoTime} by replaying recorded observations
 * open-loop (every algorithm sees the same inputs, whatever it answers). Warm-up sessions run
 * first and are not recorded, so the JIT has compiled the decision path.
 */
public final class DecisionLatency {

    private final AbrAlgorithms registry;
    private final AbrContext context;
    private final List<AbrObservation> session;
    /** Sum of all decisions, kept so the JIT cannot drop the calls. */
    private long sink;

    public DecisionLatency(AbrAlgorithms registry, AbrContext context, List<AbrObservation> session) {
        if (session.isEmpty()) {
            throw new IllegalArgumentException("recorded session is empty");
        }
        this.registry = registry;
        this.context = context;
        this.session = List.copyOf(session);
    }

    /** Warm-up then {@code sessions} timed replays of the recorded session. */
    public LatencyStats measure(String name, int warmupSessions, int sessions) {
        if (warmupSessions < 0 || sessions < 1) {
            throw new IllegalArgumentException("need warm-up >= 0 and sessions >= 1, got " + warmupSessions
                    + " and " + sessions);
        }
        try (AbrAlgorithm algorithm = registry.create(name, context)) { // the bench created it: it closes it
            for (int s = 0; s < warmupSessions; s++) {
                replay(algorithm, null, 0);
            }
            long[] nanos = new long[sessions * session.size()];
            int n = 0;
            for (int s = 0; s < sessions; s++) {
                n = replay(algorithm, nanos, n);
            }
            return LatencyStats.of(name, nanos, n);
        }
    }

    private int replay(AbrAlgorithm algorithm, long[] nanos, int n) {
        algorithm.reset();
        for (AbrObservation obs : session) {
            long t0 = System.nanoTime();
            int q = algorithm.decide(obs);
            long t1 = System.nanoTime();
            sink += q;
            if (nanos != null) {
                nanos[n++] = t1 - t0;
            }
        }
        return n;
    }

    /** The decisions' checksum (prevents dead-code elimination; also a cheap determinism probe). */
    public long checksum() {
        return sink;
    }
}
