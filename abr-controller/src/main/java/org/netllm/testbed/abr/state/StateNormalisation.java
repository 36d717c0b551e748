package org.netllm.testbed.abr.state;

/**
 * The constants of the Pensieve/GENET/NetLLM RL state (docs/reference/abr.md §1 and §5.1; NetLLM
 * {@code baseline_special/utils/constants.py}, GENET {@code constants.py}). One place, named once.
 */
public final class StateNormalisation {

    /** Feature rows of the state (S_INFO). */
    public static final int ROWS = 6;
    /** History length of NetLLM and GENET/UDR models (S_LEN). */
    public static final int S_LEN_GENET = 6;
    /** History length of the original Pensieve model. */
    public static final int S_LEN_PENSIEVE = 8;

    public static final int ROW_BITRATE = 0;
    public static final int ROW_BUFFER = 1;
    public static final int ROW_THROUGHPUT = 2;
    public static final int ROW_DOWNLOAD_TIME = 3;
    public static final int ROW_NEXT_SIZES = 4;
    public static final int ROW_REMAINING = 5;

    /** Row 0 divisor: MAX_VIDEO_BIT_RATE, kbit/s. */
    public static final double MAX_BITRATE_KBPS = 4300.0;
    /** Row 1 divisor: BUFFER_NORM_FACTOR, seconds. */
    public static final double BUFFER_NORM_S = 10.0;
    /** M_IN_K: bytes/ms/1000 = MB/s (row 2) and ms/1000 = s (row 3). */
    public static final double M_IN_K = 1000.0;
    /** Row 3 second divisor: download time in units of 10 s. */
    public static final double DOWNLOAD_TIME_NORM = 10.0;
    /** Row 4 divisor: bytes → MB. */
    public static final double BYTES_PER_MB = 1e6;
    /** Row 5 cap in NetLLM and Pensieve (CHUNK_TIL_VIDEO_END_CAP). */
    public static final int REMAIN_CAP_NETLLM = 48;
    /** Row 5 cap in GENET's emulation abr_server (TOTAL_VIDEO_CHUNK). */
    public static final int REMAIN_CAP_GENET_EMULATOR = 49;

    private StateNormalisation() {
    }
}
