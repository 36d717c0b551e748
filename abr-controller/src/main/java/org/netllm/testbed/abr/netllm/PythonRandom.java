package org.netllm.testbed.abr.netllm;

/**
 * CPython's {@code random.Random} core: MT19937 seeded from a non-negative int via
 * {@code init_by_array} and {@code random()} with 53-bit resolution, so a seeded sampling run
 * draws the same uniforms as NetLLM's {@code random.choices} after {@code random.seed(100003)}
 * (docs/reference/abr.md §7.6, §9.19). Not thread-safe.
 */
public final class PythonRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final long MASK32 = 0xffffffffL;
    private static final long MATRIX_A = 0x9908b0dfL;
    private static final long UPPER = 0x80000000L;
    private static final long LOWER = 0x7fffffffL;

    private final long[] mt = new long[N];
    private int mti;

    /** As {@code random.seed(seed)} for 0 ≤ seed < 2³² (one key word). */
    public PythonRandom(long seed) {
        if (seed < 0 || seed > MASK32) {
            throw new IllegalArgumentException("seed must be in [0, 2^32), got " + seed);
        }
        initByArray(new long[] {seed});
    }

    private void initGenrand(long s) {
        mt[0] = s & MASK32;
        for (int i = 1; i < N; i++) {
            mt[i] = (1812433253L * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) & MASK32;
        }
        mti = N;
    }

    private void initByArray(long[] key) {
        initGenrand(19650218L);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = ((mt[i] ^ (((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525L) & MASK32)) + key[j] + j) & MASK32;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = ((mt[i] ^ (((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941L) & MASK32)) - i) & MASK32;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = UPPER;
    }

    private long nextUint32() {
        if (mti >= N) {
            for (int k = 0; k < N; k++) {
                long y = (mt[k] & UPPER) | (mt[(k + 1) % N] & LOWER);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            mti = 0;
        }
        long y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680L;
        y ^= (y << 15) & 0xefc60000L;
        y ^= y >>> 18;
        return y & MASK32;
    }

    /** {@code random.random()}: uniform in [0, 1) from two draws (27 + 26 bits). */
    public double random() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }
}
