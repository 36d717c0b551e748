package org.netllm.testbed.abr.algo;

/**
 * One player session's bitrate controller: observation in, quality out. An instance holds the
 * session's state (history, RNG, deques) and is used by one session at a time; create one per
 * session from an {@link AbrAlgorithmFactory}. Heavy immutable parts (network weights, the LLM
 * backbone) are shared between instances by the factory.
 */
public interface AbrAlgorithm {

    /** Short id as used on the CLI and in results, e.g. "bba", "robustmpc", "genet", "netllm". */
    String name();

    /** Quality (0-based) for chunk {@code obs.chunkIndex() + 1}. */
    int decide(AbrObservation obs);

    /** Forget all per-session state, as at the start of a new video. */
    void reset();
}
