package org.netllm.testbed.abr.algo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One player session's bitrate controller: observation in, quality out. An instance holds the
 * session's state (history, RNG, deques) and is used by one session at a time; create one per
 * session from an {@link AbrAlgorithmFactory}. Heavy immutable parts (network weights, the LLM
 * backbone) are shared between instances by the factory.
 *
 * <p>Closeable by contract: whoever creates an instance (the server's session, the simulator runner, a bench)
 * closes it when the session ends, so per-session resources (NetLLM's deques on the backbone's device) are freed
 * then, not when the shared model closes.
 */
public interface AbrAlgorithm extends AutoCloseable {

    /** Short id as used on the CLI and in results, e.g. "bba", "robustmpc", "genet", "netllm". */
    String name();

    /** Quality (0-based) for chunk {@code obs.chunkIndex() + 1}. */
    int decide(AbrObservation obs);

    /**
     * As {@link #decide}, answered with a future, for callers that must not hold a thread while the decision waits
     * (the server). The default decides on the calling thread (microseconds for the baselines); an algorithm whose
     * decision waits for shared work (NetLLM's batched backbone forward) completes the future from that work's
     * own threads instead. A failure completes the future exceptionally; nothing is thrown.
     */
    default CompletionStage<Integer> decideAsync(AbrObservation obs) {
        try {
            return CompletableFuture.completedFuture(decide(obs));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Whether a decision is cheap and bounded enough to run on the server's event loop: no I/O, no waits, no shared
     * locks, tens of microseconds (the baselines: {@code decide()} p99 ≤ 27 µs in {@code ./testbed bench server}).
     * The server then decides without handing the request to a worker thread (see its {@code Session.decide}).
     * Default {@code false}: an algorithm has to opt in.
     */
    default boolean decidesInline() {
        return false;
    }

    /**
     * Where the last {@link #decideAsync} computed, when it handed the decision to other threads (read by the caller
     * after that future completed); {@code null} for a decision made on the calling thread.
     */
    default DecisionStages lastStages() {
        return null;
    }

    /** Forget all per-session state, as at the start of a new video. */
    void reset();

    /** Frees per-session resources; the default holds none. Idempotent. */
    @Override
    default void close() {
    }
}
