package org.netllm.testbed.abr.sim;

/**
 * Every constant of NetLLM's chunk-level simulator ({@code N:baseline_special/env.py}, docs/reference/abr.md
 * §1 and §3), in one place. Values are used exactly as the reference uses them (doubles where the
 * Python code mixes floats) so the arithmetic matches the reference bit for bit in fixed mode.
 */
public final class SimConstants {

    private SimConstants() {
    }

    /** docs/reference/abr.md §1 {@code MILLISECONDS_IN_SECOND}. */
    public static final double MILLISECONDS_IN_SECOND = 1000.0;
    /** docs/reference/abr.md §3.2 step 2: bandwidth samples are Mbit/s; ×10^6/8 gives bytes per second. */
    public static final double B_IN_MB = 1_000_000.0;
    public static final double BITS_IN_BYTE = 8.0;
    /** docs/reference/abr.md §1 packet payload portion: only 95 % of the link rate carries video bytes. */
    public static final double PACKET_PAYLOAD_PORTION = 0.95;
    /** docs/reference/abr.md §1 {@code LINK_RTT}: added to every chunk's delay, ms. */
    public static final double LINK_RTT_MS = 80.0;
    /** docs/reference/abr.md §1 multiplicative delay noise U[0.9, 1.1), applied after the RTT when not fixed. */
    public static final double NOISE_LOW = 0.9;
    public static final double NOISE_HIGH = 1.1;
    /** docs/reference/abr.md §1 {@code VIDEO_CHUNK_LEN}: each chunk adds this much playback to the buffer, ms. */
    public static final double VIDEO_CHUNK_LEN_MS = 4000.0;
    /** docs/reference/abr.md §1 {@code BUFFER_THRESH}: buffer cap, ms. */
    public static final double BUFFER_THRESH_MS = 60_000.0;
    /** docs/reference/abr.md §1 drain sleep quantum, ms. */
    public static final double DRAIN_BUFFER_SLEEP_MS = 500.0;
    /** docs/reference/abr.md §1 {@code TOTAL_VIDEO_CHUNK}: chunks per simulated episode (the 49th size line is never used). */
    public static final int TOTAL_VIDEO_CHUNKS = 48;
    /** docs/reference/abr.md §1/§4.1 {@code DEFAULT_QUALITY}: the uncontrolled first chunk of every episode. */
    public static final int DEFAULT_QUALITY = 0;
    /**
     * docs/reference/abr.md §3.1: NetLLM seeds numpy with this at env construction. We use it as the default seed of our
     * own RNG (java.util.SplittableRandom); draws are NOT numpy's Mersenne-Twister stream, so
     * non-fixed runs differ from the reference sample by sample (fixed mode uses no randomness).
     */
    public static final long REFERENCE_ENV_SEED = 998_244_353L;
    /** docs/reference/abr.md §3.2 step 2 / §9.11: when the trace is exhausted, playback wraps to sample 1 at time 0. */
    public static final int WRAP_POINTER = 1;
    public static final double WRAP_TIME_S = 0.0;
}
