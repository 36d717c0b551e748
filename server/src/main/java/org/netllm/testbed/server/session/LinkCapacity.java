package org.netllm.testbed.server.session;

import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.netem.TraceDrivenLink;
import org.netllm.testbed.traces.MahimahiTrace;

/**
 * The body of {@code GET /api/sessions/<id>/link} (docs/protocol.md §3.1): the session's link settings and what its
 * trace lets through over the session window, as a step series of Mbit/s per bin. Trace time 0 is the link's
 * origin ({@code traceStartMs}, epoch ms), so a client plots its own per-chunk throughput on the same axis by
 * subtracting it. Bounded: at most {@link #MAX_POINTS} bins whatever the window.
 *
 * @param mode         link mode ("builtin" or "none")
 * @param delayMs      one-way delay the session pays each way
 * @param traceStartMs epoch ms of trace time 0; null without a trace
 * @param windowMs     trace time the series covers: [0, windowMs)
 * @param binMs        width of each bin; bin i covers [i·binMs, (i+1)·binMs)
 * @param capacity     null without a trace (mode "none": the link is not shaped)
 */
public record LinkCapacity(String mode, int delayMs, Long traceStartMs, long windowMs, long binMs, Series capacity) {

    /** Bins never exceed this many points (the reply stays small for hour-long sessions). */
    public static final int MAX_POINTS = 2_000;
    /** Finest bin: fine enough to see a trace's 1 s steps, coarse enough to smooth single packets. */
    public static final long MIN_BIN_MS = 500;
    private static final double BITS_PER_PACKET = MahimahiTrace.PACKET_BYTES * 8.0;
    private static final double MS_PER_S = 1000.0;
    private static final double NANOS_PER_MS = 1e6;

    /**
     * @param tS   start of each bin, seconds of trace time
     * @param mbps capacity of each bin, Mbit/s (delivery opportunities × 1500 B over the bin)
     */
    public record Series(double[] tS, double[] mbps) {
    }

    /**
     * @param session the session (its link, settings and video)
     * @param view    its current view (creation and end times)
     * @param nowMs   epoch ms now
     */
    public static LinkCapacity of(Session session, SessionView view, long nowMs) {
        String mode = session.request().link().mode().wireName();
        int delayMs = session.request().link().delayMs();
        LinkEmulator link = session.link();
        if (!(link instanceof TraceDrivenLink trace)) {
            return new LinkCapacity(mode, delayMs, null, 0, 0, null);
        }
        long startMs = nowMs - Math.round((System.nanoTime() - trace.originNanos()) / NANOS_PER_MS);
        // from epoch-ms fields only, so an ended session's window (and series) is the same on every call
        long untilMs = (view.endedAtMs() != null ? view.endedAtMs() : nowMs) - view.createdAtMs();
        // the whole video's playing time at least, so a live chart shows the capacity ahead of playback too
        long videoMs = Math.round(session.video().chunks() * session.video().chunkDurationS() * MS_PER_S);
        long wantedMs = Math.max(Math.max(untilMs, videoMs), MIN_BIN_MS);
        long binMs = binFor(wantedMs);
        long windowMs = (wantedMs + binMs - 1) / binMs * binMs; // whole bins
        return new LinkCapacity(mode, delayMs, startMs, windowMs, binMs, series(trace, windowMs, binMs));
    }

    /** The bin width for a window: {@link #MIN_BIN_MS}, or wider so that at most {@link #MAX_POINTS} bins cover it. */
    public static long binFor(long windowMs) {
        return Math.max(MIN_BIN_MS, (windowMs + MAX_POINTS - 1) / MAX_POINTS);
    }

    static Series series(TraceDrivenLink link, long windowMs, long binMs) {
        int bins = (int) (windowMs / binMs);
        double[] t = new double[bins];
        double[] mbps = new double[bins];
        for (int i = 0; i < bins; i++) {
            long from = i * binMs;
            t[i] = from / MS_PER_S;
            // packets × 12 000 bit over binMs ms = kbit/ms = Mbit/s ÷ 1000
            mbps[i] = link.opportunitiesBetween(from, from + binMs) * BITS_PER_PACKET / binMs / MS_PER_S;
        }
        return new Series(t, mbps);
    }
}
