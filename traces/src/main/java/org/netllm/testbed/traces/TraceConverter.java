package org.netllm.testbed.traces;

/**
 * Converts between the cooked and the Mahimahi trace formats (docs/reference/data.md §1.1, docs/reference/abr.md §2.3).
 */
public final class TraceConverter {

    /** Bits one Mahimahi delivery opportunity carries (1500 B). */
    public static final double BITS_PER_PACKET = MahimahiTrace.PACKET_BYTES * 8.0;
    /** Default bin width for Mahimahi to cooked, matching the 1 s step of the FCC sets. */
    public static final long DEFAULT_WINDOW_MS = 1000;

    static final double MS_PER_S = 1000.0;
    private static final double BITS_PER_BYTE = 8.0;

    private TraceConverter() {
    }

    /**
     * GENET's {@code convert_mahimahi_format.py} (docs/reference/abr.md §2.3), reproduced step for step so
     * the output is byte-identical to Genet's {@code trace_set_1}: the file starts with a line
     * {@code 0}; then every cooked sample i (sample 0 included, measured from time 0) is played for
     * at least one millisecond and until {@code (t_i - t_{i-1})·1000} ms have elapsed; in its k-th
     * millisecond it emits {@code floor(k·ppm − sent)} lines carrying the absolute ms, where
     * {@code ppm = Mbps·1000/8/1500} packets per ms and {@code sent} counts the lines already emitted
     * for this sample. Fractions of a packet are dropped at the end of every sample. The arithmetic
     * is IEEE double in the same order as the Python, so the ceilings on non-integer interval
     * lengths come out the same.
     *
     * @throws IllegalArgumentException when no packet at all would be emitted (all rates too low)
     */
    public static MahimahiTrace toMahimahi(CookedTrace cooked) {
        double[] t = cooked.timesS();
        double[] r = cooked.mbps();
        LongList out = new LongList();
        out.add(0);
        long msTime = 0;
        double lastTime = 0;
        for (int i = 0; i < t.length; i++) {
            double pktPerMs = r[i] * MS_PER_S / BITS_PER_BYTE / MahimahiTrace.PACKET_BYTES;
            double intervalMs = (t[i] - lastTime) * MS_PER_S;
            long msCount = 0;
            double sent = 0;
            do {
                msCount++;
                msTime++;
                double toSend = Math.floor(msCount * pktPerMs - sent);
                for (long p = 0; p < (long) toSend; p++) {
                    out.add(msTime);
                }
                sent += toSend;
            } while (msCount < intervalMs);
            lastTime = t[i];
        }
        if (out.size() == 1) {
            throw new IllegalArgumentException("trace " + cooked.name()
                    + ": every rate rounds down to zero packets; no Mahimahi trace can be made");
        }
        return new MahimahiTrace(cooked.name(), out.toArray());
    }

    /** {@link #toCooked(MahimahiTrace, long)} with 1 s bins. */
    public static CookedTrace toCooked(MahimahiTrace trace) {
        return toCooked(trace, DEFAULT_WINDOW_MS);
    }

    /**
     * Bins one loop period into windows of {@code windowMs}: bin k covers the opportunities with
     * timestamp in (k·W, (k+1)·W] ms and becomes cooked sample k+1 at time min((k+1)·W, P)/1000 s
     * with rate {@code packets·12000 bit / bin length}. A timestamp 0 counts at the period end P,
     * where mm-link's loop puts it (docs/reference/abr.md §2.3), so the time-weighted mean of the result equals
     * {@link MahimahiTrace#meanMbps()} exactly. The last bin is shorter when P is not a multiple of
     * W. Sample 0 (time 0) repeats bin 0's rate; the simulators never use it (docs/reference/abr.md §2.2).
     */
    public static CookedTrace toCooked(MahimahiTrace trace, long windowMs) {
        if (windowMs <= 0) {
            throw new IllegalArgumentException("window must be positive, got " + windowMs + " ms");
        }
        long period = trace.periodMs();
        int bins = (int) ((period + windowMs - 1) / windowMs);
        long[] packets = new long[bins];
        for (long ms : trace.deliveryMs()) {
            long atMs = ms == 0 ? period : ms;
            packets[(int) ((atMs - 1) / windowMs)]++;
        }
        double[] times = new double[bins + 1];
        double[] mbps = new double[bins + 1];
        for (int k = 0; k < bins; k++) {
            long endMs = Math.min((k + 1) * windowMs, period);
            long lenMs = endMs - k * windowMs;
            times[k + 1] = endMs / MS_PER_S;
            // bit per ms = kbit/s; ÷1000 → Mbit/s
            mbps[k + 1] = packets[k] * BITS_PER_PACKET / lenMs / MS_PER_S;
        }
        mbps[0] = mbps[1];
        return new CookedTrace(trace.name(), times, mbps);
    }
}
