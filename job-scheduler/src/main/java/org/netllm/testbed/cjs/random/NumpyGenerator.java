package org.netllm.testbed.cjs.random;

/**
 * The {@code numpy.random.Generator} methods the spark-sched-sim job generator calls, on a
 * {@link Pcg64}: {@code integers} (Lemire's bounded draw on 32-bit words for ranges below 2³²),
 * {@code exponential} (numpy's 256-level ziggurat), {@code random} and index {@code choice}
 * (docs/reference/cjs.md §R.3). Gymnasium's {@code np_random(seed)} is
 * {@code Generator(PCG64(SeedSequence(seed)))}: {@link #gymnasium(long)}.
 */
public final class NumpyGenerator {

    private final Pcg64 bits;

    public NumpyGenerator(Pcg64 bits) {
        this.bits = bits;
    }

    /** {@code gymnasium.utils.seeding.np_random(seed)}. */
    public static NumpyGenerator gymnasium(long seed) {
        return new NumpyGenerator(Pcg64.fromSeed(seed));
    }

    /** {@code integers(low, high)} (high exclusive, int64 result) for high − low ≤ 2³². */
    public long integers(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("high <= low: " + low + ", " + high);
        }
        long rng = high - 1 - low;
        if (rng == 0) {
            return low;
        }
        if (rng > 0xffffffffL) {
            throw new UnsupportedOperationException("ranges above 2^32 are not used by the simulator");
        }
        if (rng == 0xffffffffL) {
            return low + (bits.nextUint32() & 0xffffffffL);
        }
        return low + boundedLemire32(rng);
    }

    /** Lemire's nearly-divisionless bounded draw in [0, rng] on 32-bit words. */
    private long boundedLemire32(long rng) {
        long rngExcl = rng + 1;
        long m = (bits.nextUint32() & 0xffffffffL) * rngExcl;
        long leftover = m & 0xffffffffL;
        if (leftover < rngExcl) {
            long threshold = (0xffffffffL - rng) % rngExcl;
            while (leftover < threshold) {
                m = (bits.nextUint32() & 0xffffffffL) * rngExcl;
                leftover = m & 0xffffffffL;
            }
        }
        return m >>> 32;
    }

    /** {@code choice(a)} for a population of the given size: the index drawn. */
    public int choiceIndex(int populationSize) {
        return (int) integers(0, populationSize);
    }

    /** {@code random()}: uniform in [0, 1). */
    public double random() {
        return bits.nextDouble();
    }

    /** {@code exponential(scale)} = scale × standard exponential (ziggurat). */
    public double exponential(double scale) {
        return scale * standardExponential();
    }

    public double standardExponential() {
        while (true) {
            long ri = bits.nextUint64() >>> 3;
            int idx = (int) (ri & 0xff);
            ri >>>= 8;
            double x = ri * ExpZiggurat.WE[idx];
            if (ri < ExpZiggurat.KE[idx]) {
                return x;
            }
            if (idx == 0) {
                return ExpZiggurat.R - Math.log1p(-bits.nextDouble());
            }
            if ((ExpZiggurat.FE[idx - 1] - ExpZiggurat.FE[idx]) * bits.nextDouble() + ExpZiggurat.FE[idx]
                    < Math.exp(-x)) {
                return x;
            }
        }
    }
}
