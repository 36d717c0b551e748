package org.netllm.testbed.cjs.random;

/**
 * numpy's {@code PCG64} bit generator: a 128-bit LCG (multiplier 0x2360ed051fc65da44385df649fccf645)
 * with the XSL-RR 128→64 output, seeded from a {@link SeedSequence} the way numpy does
 * (docs/reference/cjs.md §R.2). It also keeps numpy's one-word buffer for 32-bit draws: a 64-bit
 * output serves two {@link #nextUint32()} calls, low half first. Not thread-safe.
 */
public final class Pcg64 {

    private static final long MULT_HI = 0x2360ed051fc65da4L;
    private static final long MULT_LO = 0x4385df649fccf645L;

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private boolean hasUint32;
    private int uinteger;

    /** {@code PCG64(SeedSequence(seed))}. */
    public static Pcg64 fromSeed(long seed) {
        return new Pcg64(new SeedSequence(seed));
    }

    public Pcg64(SeedSequence seq) {
        long[] v = seq.generateState64(4);
        seed(v[0], v[1], v[2], v[3]);
    }

    /** pcg64_srandom_r: initstate = (hi, lo), initseq = (seqHi, seqLo). */
    private void seed(long initHi, long initLo, long seqHi, long seqLo) {
        stateHi = 0;
        stateLo = 0;
        // inc = (initseq << 1) | 1
        incHi = (seqHi << 1) | (seqLo >>> 63);
        incLo = (seqLo << 1) | 1L;
        step();
        long lo = stateLo + initLo;
        long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0;
        stateHi = stateHi + initHi + carry;
        stateLo = lo;
        step();
        hasUint32 = false;
    }

    /** state = state * MULT + inc (mod 2¹²⁸). */
    private void step() {
        long lo = stateLo * MULT_LO;
        long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateHi * MULT_LO + stateLo * MULT_HI;
        long newLo = lo + incLo;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        stateHi = hi + incHi + carry;
        stateLo = newLo;
    }

    /** High 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+). */
    private static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /** One raw 64-bit output: step, then XSL-RR of the new state. */
    public long nextUint64() {
        step();
        int rot = (int) (stateHi >>> 58);
        return Long.rotateRight(stateHi ^ stateLo, rot);
    }

    /** numpy's buffered 32-bit draw (low half of a fresh 64-bit output, then its high half). */
    public int nextUint32() {
        if (hasUint32) {
            hasUint32 = false;
            return uinteger;
        }
        long next = nextUint64();
        hasUint32 = true;
        uinteger = (int) (next >>> 32);
        return (int) next;
    }

    /** Uniform double in [0, 1) from the top 53 bits of a 64-bit output. */
    public double nextDouble() {
        return (nextUint64() >>> 11) * (1.0 / 9007199254740992.0);
    }
}
