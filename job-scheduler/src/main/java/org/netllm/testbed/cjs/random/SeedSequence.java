package org.netllm.testbed.cjs.random;

/**
 * numpy's {@code SeedSequence} (entropy-pool hashing, pool size 4, no spawn key) for a
 * non-negative integer entropy: the entropy is split into little-endian 32-bit words, mixed into
 * a 4-word pool, and {@link #generateState32}/{@link #generateState64} hash the pool into output
 * words (docs/reference/cjs.md §R.1). Integer arithmetic is mod 2³², done in {@code int}.
 */
public final class SeedSequence {

    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final int[] pool = new int[POOL_SIZE];

    /** As {@code SeedSequence(entropy)} for 0 ≤ entropy < 2⁶³. */
    public SeedSequence(long entropy) {
        if (entropy < 0) {
            throw new IllegalArgumentException("entropy must be non-negative, got " + entropy);
        }
        mixEntropy(toWords(entropy));
    }

    /** Little-endian 32-bit words of the integer; zero is one word [0]. */
    private static int[] toWords(long value) {
        if ((value >>> 32) == 0) {
            return new int[] {(int) value};
        }
        return new int[] {(int) value, (int) (value >>> 32)};
    }

    private static final class HashConst {
        int value;

        HashConst(int init) {
            value = init;
        }
    }

    private static int hashmix(int value, HashConst hc) {
        value ^= hc.value;
        hc.value *= MULT_A;
        value *= hc.value;
        value ^= value >>> XSHIFT;
        return value;
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        result ^= result >>> XSHIFT;
        return result;
    }

    private void mixEntropy(int[] entropy) {
        HashConst hc = new HashConst(INIT_A);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hc);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) {
                    pool[dst] = mix(pool[dst], hashmix(pool[src], hc));
                }
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], hashmix(entropy[src], hc));
            }
        }
    }

    /** {@code generate_state(n, np.uint32)}; values are unsigned words held in longs. */
    public long[] generateState32(int n) {
        long[] out = new long[n];
        int hashConst = INIT_B;
        for (int i = 0; i < n; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hashConst;
            hashConst *= MULT_B;
            v *= hashConst;
            v ^= v >>> XSHIFT;
            out[i] = v & 0xffffffffL;
        }
        return out;
    }

    /** {@code generate_state(n, np.uint64)}: pairs of 32-bit words, low word first. */
    public long[] generateState64(int n) {
        long[] words = generateState32(2 * n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = words[2 * i] | (words[2 * i + 1] << 32);
        }
        return out;
    }
}
