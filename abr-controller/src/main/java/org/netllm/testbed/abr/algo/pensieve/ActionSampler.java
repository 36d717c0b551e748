package org.netllm.testbed.abr.algo.pensieve;

import java.util.SplittableRandom;

/**
 * How an actor turns probabilities into an action. Sampling follows GENET/NetLLM/Pensieve
 * (docs/reference/abr.md §6.4): u = randint(1, RAND_RANGE)/RAND_RANGE with numpy's exclusive upper bound
 * (u ∈ {0.001 … 0.999}), action = first index whose cumulative probability exceeds u; like
 * numpy's {@code (cumsum > u).argmax()} it answers 0 if no index does (only possible when float32
 * rounding leaves the sum below u). The random stream is Java's, seeded per session, so it is
 * reproducible here but not numpy's MT19937 sequence.
 */
final class ActionSampler {

    /** RAND_RANGE of the reference code. */
    static final int RAND_RANGE = 1000;

    private final boolean sampling;
    private final long seed;
    private SplittableRandom random;

    ActionSampler(boolean sampling, long seed) {
        this.sampling = sampling;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    void reset() {
        random = new SplittableRandom(seed);
    }

    int choose(float[] probs, int actions) {
        return sampling ? sample(probs, actions, (1 + random.nextInt(RAND_RANGE - 1)) / (double) RAND_RANGE)
                : argmax(probs, actions);
    }

    /** First index with cumsum(p) > u; 0 if none (numpy argmax of an all-false mask). */
    static int sample(float[] probs, int actions, double u) {
        float cumsum = 0f; // float32 cumsum, as numpy on the float32 softmax output
        for (int a = 0; a < actions; a++) {
            cumsum += probs[a];
            if (cumsum > u) {
                return a;
            }
        }
        return 0;
    }

    /** Highest probability, first index on ties (numpy argmax). */
    static int argmax(float[] probs, int actions) {
        int best = 0;
        for (int a = 1; a < actions; a++) {
            if (probs[a] > probs[best]) {
                best = a;
            }
        }
        return best;
    }
}
