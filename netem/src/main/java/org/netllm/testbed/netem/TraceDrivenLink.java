package org.netllm.testbed.netem;

import java.util.Arrays;
import java.util.Locale;
import org.netllm.testbed.traces.CookedTrace;
import org.netllm.testbed.traces.MahimahiTrace;
import org.netllm.testbed.traces.TraceConverter;

/**
 * The built-in emulated bottleneck of one session, replaying a Mahimahi trace in-process with
 * {@code mm-delay D mm-link UP DOWN} semantics (docs/reference/abr.md §2.3, §8.1):
 * <ul>
 *   <li>each trace line is one delivery opportunity of 1500 bytes; the trace loops with its period
 *       (last timestamp); an opportunity that finds the queue empty is lost;</li>
 *   <li>one FIFO byte queue per session, unbounded (mm-link's default "infinite" queue), shared by
 *       all responses of the session; bytes of the next response may fill the rest of an
 *       opportunity the previous response left partly unused (mm-link splits packets the same way);</li>
 *   <li>a fixed one-way delay, default 40 ms (= {@code mm-delay 40}, 80 ms RTT). mm-delay is the
 *       outer shell, so downlink bytes from the server cross the delay <em>before</em> they join
 *       the link queue, and reach the browser at the opportunity that carries them; requests
 *       cross the delay on the way up ({@link #uplinkDelayNanos()}).</li>
 * </ul>
 * Time zero of the trace is the link's creation ({@code originNanos}), as mm-link starts its trace
 * when the shell starts, before the browser makes its first request.
 * Scheduling is O(log n + parts): a binary search finds the first opportunity, then the schedule
 * walks the precomputed distinct milliseconds. Thread-safe: the queue state is updated under a lock.
 */
public final class TraceDrivenLink implements LinkEmulator {

    /** {@code mm-delay 40} of GENET's drivers (docs/reference/abr.md §8.1). */
    public static final long DEFAULT_ONE_WAY_DELAY_MS = 40;
    static final long NANOS_PER_MS = 1_000_000L;
    private static final int PACKET = MahimahiTrace.PACKET_BYTES;

    private final MahimahiTrace trace;
    private final DeliveryOpportunities opportunities;
    private final long originNanos;
    private final long oneWayDelayNanos;

    // queue state, guarded by this: the first opportunity not completely used, and how many of its
    // bytes are taken already
    private long nextOpportunity;
    private int usedInNext;
    // the response enqueued last and where it started: only it can leave the queue's tail on cancel
    private Tail tail;

    /** The last enqueued response's schedule, its first opportunity and the bytes of it earlier responses used. */
    private record Tail(DeliverySchedule schedule, long first, int usedInFirst) {
    }

    /**
     * @param trace          downlink trace
     * @param oneWayDelayMs  fixed delay each way (≥ 0)
     * @param originNanos    {@link System#nanoTime()} that corresponds to trace time 0
     */
    public TraceDrivenLink(MahimahiTrace trace, long oneWayDelayMs, long originNanos) {
        this(PreparedTrace.of(trace), oneWayDelayMs, originNanos);
    }

    /** As {@link #TraceDrivenLink(MahimahiTrace, long, long)} over a trace shared with other links. */
    public TraceDrivenLink(PreparedTrace prepared, long oneWayDelayMs, long originNanos) {
        if (oneWayDelayMs < 0) {
            throw new IllegalArgumentException("one-way delay must be >= 0 ms, got " + oneWayDelayMs);
        }
        this.trace = prepared.trace();
        this.opportunities = prepared.opportunities();
        this.originNanos = originNanos;
        this.oneWayDelayNanos = oneWayDelayMs * NANOS_PER_MS;
    }

    /** A link whose trace starts now, with the default 40 ms one-way delay. */
    public static TraceDrivenLink startingNow(MahimahiTrace trace) {
        return new TraceDrivenLink(trace, DEFAULT_ONE_WAY_DELAY_MS, System.nanoTime());
    }

    /** A link over a cooked trace, converted exactly as GENET made its Mahimahi files. */
    public static TraceDrivenLink fromCooked(CookedTrace trace, long oneWayDelayMs, long originNanos) {
        return new TraceDrivenLink(TraceConverter.toMahimahi(trace), oneWayDelayMs, originNanos);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "builtin(trace=%s, period=%d ms, mean=%.3f Mbit/s, delay=%d ms each way)",
                trace.name(), trace.periodMs(), trace.meanMbps(), oneWayDelayNanos / NANOS_PER_MS);
    }

    @Override
    public long uplinkDelayNanos() {
        return oneWayDelayNanos;
    }

    public long originNanos() {
        return originNanos;
    }

    /**
     * Delivery opportunities (1500-byte packets) that open in trace time [{@code fromMs}, {@code toMs}), counting
     * the trace's loops (docs/reference/abr.md §2.3): what the link could carry in that window, e.g. for charting
     * capacity against measured throughput.
     */
    public long opportunitiesBetween(long fromMs, long toMs) {
        if (fromMs < 0 || toMs < fromMs) {
            throw new IllegalArgumentException("trace window [" + fromMs + ", " + toMs + ") ms is not a window from 0 on");
        }
        // firstAtOrAfter(t) is the global index of the first opportunity opening at or after t,
        // i.e. the number of opportunities opening before t
        return opportunities.firstAtOrAfter(toMs) - opportunities.firstAtOrAfter(fromMs);
    }

    @Override
    public DeliverySchedule enqueueDownlink(long enqueueNanos, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot enqueue " + bytes + " bytes");
        }
        if (enqueueNanos < originNanos) {
            throw new IllegalArgumentException("enqueue time " + enqueueNanos + " ns is before the link's origin "
                    + originNanos + " ns");
        }
        if (bytes == 0) {
            return DeliverySchedule.empty();
        }
        // the bytes reach mm-link's queue after the delay; an opportunity opening in that very
        // millisecond (or later) may carry them
        long atQueueMs = ceilDiv(enqueueNanos - originNanos + oneWayDelayNanos, NANOS_PER_MS);
        long first;
        int usedInFirst;
        long last;
        synchronized (this) {
            first = opportunities.firstAtOrAfter(atQueueMs);
            usedInFirst = 0;
            if (first <= nextOpportunity) {
                // the queue still holds earlier bytes of this session: FIFO behind them
                first = nextOpportunity;
                usedInFirst = usedInNext;
            }
            long firstCapacity = PACKET - usedInFirst;
            int usedInLast;
            if (bytes <= firstCapacity) {
                last = first;
                usedInLast = (int) (usedInFirst + bytes);
            } else {
                long more = ceilDiv(bytes - firstCapacity, PACKET);
                last = first + more;
                usedInLast = (int) (bytes - firstCapacity - (more - 1) * PACKET);
            }
            if (usedInLast == PACKET) {
                nextOpportunity = last + 1;
                usedInNext = 0;
            } else {
                nextOpportunity = last;
                usedInNext = usedInLast;
            }
            DeliverySchedule s = schedule(first, PACKET - usedInFirst, last, bytes);
            tail = new Tail(s, first, usedInFirst);
            return s;
        }
    }

    /**
     * Removes the undelivered rest of the queue's last response. Its parts follow the opportunities from
     * {@code first} on, so the bytes delivered by {@code nowNanos} fill whole opportunities after the first one's
     * free capacity: the queue's end moves back to the opportunity after them (or to where the response started,
     * sharing its first opportunity with earlier bytes again, when nothing was delivered).
     */
    @Override
    public synchronized long cancelDownlink(DeliverySchedule schedule, long nowNanos) {
        Tail t = tail;
        if (t == null || t.schedule() != schedule) {
            return 0;
        }
        tail = null;
        long total = schedule.totalBytes();
        long delivered = schedule.deliveredBy(nowNanos);
        if (delivered >= total) {
            return 0;
        }
        if (delivered == 0) {
            nextOpportunity = t.first();
            usedInNext = t.usedInFirst();
        } else {
            // a partly delivered response ends its last delivered millisecond on a full opportunity
            long firstCapacity = PACKET - t.usedInFirst();
            nextOpportunity = t.first() + 1 + (delivered - firstCapacity) / PACKET;
            usedInNext = 0;
        }
        return total - delivered;
    }

    /**
     * One part per distinct millisecond among opportunities {@code first..last}; the cumulative
     * bytes after a millisecond are those of every opportunity up to its last one in that ms.
     */
    private DeliverySchedule schedule(long first, long firstCapacity, long last, long bytes) {
        int lines = opportunities.linesPerPeriod();
        int groups = opportunities.groups();
        long loop = first / lines;
        int group = opportunities.groupOfLine((int) (first % lines));
        long lastLoop = last / lines;
        int lastGroup = opportunities.groupOfLine((int) (last % lines));
        long maxParts = (lastLoop - loop) * groups + lastGroup - group + 1;
        if (maxParts > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(bytes + " bytes would need " + maxParts + " schedule parts");
        }
        long[] at = new long[(int) maxParts];
        long[] cumulative = new long[(int) maxParts];
        int parts = 0;
        while (true) {
            long groupLast = Math.min(loop * lines + opportunities.groupEnd(group) - 1, last);
            long ms = loop * opportunities.periodMs() + opportunities.groupMs(group);
            long nanos = originNanos + ms * NANOS_PER_MS;
            long delivered = Math.min(bytes, firstCapacity + (groupLast - first) * PACKET);
            if (parts > 0 && at[parts - 1] == nanos) {
                // line P of one loop and line 0 of the next open in the same millisecond
                cumulative[parts - 1] = delivered;
            } else {
                at[parts] = nanos;
                cumulative[parts] = delivered;
                parts++;
            }
            if (groupLast == last) {
                break;
            }
            if (++group == groups) {
                group = 0;
                loop++;
            }
        }
        if (parts < at.length) {
            at = Arrays.copyOf(at, parts);
            cumulative = Arrays.copyOf(cumulative, parts);
        }
        return new DeliverySchedule(at, cumulative);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
