package org.netllm.testbed.netllm.rng;

/**
 * CPython's {@code random.Random}: MT19937 seeded through {@code init_by_array} from a
 * non-negative int, with the methods spark-sched-sim and the neural schedulers call:
 * {@code random()}, {@code getrandbits(k ≤ 32)}, {@code choice} (rejection sampling on
 * {@code getrandbits(n.bit_length())}) and {@code choices} with weights (bisect on the running
 * sums) (docs/reference/cjs.md §R.4). One copy for every task: NetLLM's policies sample with
 * {@code random.choices} after {@code random.seed(...)} (ABR: docs/reference/abr.md §7.6), and
 * spark-sched-sim draws durations and executor keys from it. Not thread-safe.
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

    /** As {@code random.seed(seed)} for 0 ≤ seed < 2⁶³ (one or two key words). */
    public PythonRandom(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be non-negative, got " + seed);
        }
        initByArray((seed >>> 32) == 0 ? new long[] {seed} : new long[] {seed & MASK32, seed >>> 32});
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

    /** genrand_uint32: one tempered 32-bit word. */
    public long nextUint32() {
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

    /** {@code random.random()}: uniform in [0, 1) from two words (27 + 26 bits). */
    public double random() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /** {@code getrandbits(k)} for 0 ≤ k ≤ 32. */
    public long getrandbits(int k) {
        if (k < 0 || k > 32) {
            throw new IllegalArgumentException("k must be in [0, 32], got " + k);
        }
        if (k == 0) {
            return 0;
        }
        return nextUint32() >>> (32 - k);
    }

    /** {@code _randbelow(n)} for 1 ≤ n < 2³². */
    public int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /** {@code random.choice(seq)} for a sequence of the given length: the index drawn. */
    public int choiceIndex(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("cannot choose from an empty sequence");
        }
        return randbelow(length);
    }

    /**
     * {@code random.choices(range(n), weights)[0]}: running sums of the weights (in the order and
     * precision given), then the first index whose running sum exceeds {@code random() × total},
     * searched over [0, n−1].
     */
    public int choicesIndex(double[] cumulativeWeights) {
        int n = cumulativeWeights.length;
        double total = cumulativeWeights[n - 1];
        if (!(total > 0.0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("total of weights must be positive and finite, got " + total);
        }
        double x = random() * total;
        // bisect_right(cum, x, 0, n - 1)
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x < cumulativeWeights[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
