package org.netllm.testbed.netem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.traces.CookedTrace;
import org.netllm.testbed.traces.MahimahiTrace;

class TraceDrivenLinkTest {

    private static final long MS = 1_000_000L;
    /** Arbitrary nanoTime origin, so tests also cover a non-zero origin. */
    private static final long ORIGIN = 5_000_000_000L;
    private static final MahimahiTrace TWELVE_MBPS = new MahimahiTrace("12mbps", new long[] {1});

    @Test
    void opportunitiesBetweenCountsEveryLoopOfTheTrace() {
        // lines 5, 5, 10 (period 10 ms): packets open at 5, 5, 10, 15, 15, 20, ... (docs/reference/abr.md §2.3)
        TraceDrivenLink link = new TraceDrivenLink(new MahimahiTrace("t", new long[] {5, 5, 10}), 0, 0);
        assertEquals(0, link.opportunitiesBetween(0, 5));
        assertEquals(2, link.opportunitiesBetween(0, 10));
        assertEquals(3, link.opportunitiesBetween(0, 11));
        assertEquals(6, link.opportunitiesBetween(10, 30)); // 10, 15, 15, 20, 25, 25
        assertEquals(299, link.opportunitiesBetween(0, 1000)); // 100 loops of 3 but the one at 1000
        assertEquals(0, link.opportunitiesBetween(7, 7));
        assertThrows(IllegalArgumentException.class, () -> link.opportunitiesBetween(10, 9));
        assertThrows(IllegalArgumentException.class, () -> link.opportunitiesBetween(-1, 9));
    }

    @Test
    void constantTwelveMbpsDeliversOnePacketPerMillisecond() {
        TraceDrivenLink link = new TraceDrivenLink(TWELVE_MBPS, 40, ORIGIN);
        long bytes = 2_354_772; // chunk 0 at quality 5 (docs/reference/abr.md §2.1)
        DeliverySchedule s = link.enqueueDownlink(ORIGIN, bytes);
        long packets = (bytes + 1499) / 1500;
        assertEquals(packets, s.parts());
        // the bytes reach the queue at 40 ms; the opportunity of ms 40 carries the first packet
        assertEquals(ORIGIN + 40 * MS, s.atNanos()[0]);
        assertEquals(1500, s.cumulativeBytes()[0]);
        assertEquals(ORIGIN + (40 + packets - 1) * MS, s.lastNanos());
        assertEquals(bytes, s.totalBytes());
        double seconds = (s.lastNanos() - s.atNanos()[0] + MS) / 1e9;
        double mbps = bytes * 8 / seconds / 1e6;
        assertEquals(12.0, mbps, 12.0 * 1500.0 / bytes + 1e-9, "within one packet");
    }

    @Test
    void constantThreeMbpsCookedTraceMatchesItsRate() {
        CookedTrace cooked = new CookedTrace("3mbps", new double[] {0, 100}, new double[] {3.0, 3.0});
        TraceDrivenLink link = TraceDrivenLink.fromCooked(cooked, 0, ORIGIN);
        long bytes = 2_300_000;
        DeliverySchedule s = link.enqueueDownlink(ORIGIN + 10 * MS, bytes);
        // 3 Mbit/s = 0.25 packet/ms: one packet every 4 ms
        double seconds = (s.lastNanos() - (ORIGIN + 10 * MS)) / 1e9;
        double expected = bytes * 8 / 3e6;
        assertEquals(expected, seconds, 1500 * 8 / 3e6, "transfer time within one packet");
        for (int i = 1; i < s.parts(); i++) {
            assertEquals(4 * MS, s.atNanos()[i] - s.atNanos()[i - 1]);
        }
    }

    @Test
    void stepTraceSlowsDownAfterTheStep() {
        // 12 Mbit/s during ms 1..1000, then 3 Mbit/s (one packet every 4 ms) until 2000
        long[] d = new long[1000 + 250];
        for (int i = 0; i < 1000; i++) {
            d[i] = i + 1;
        }
        for (int i = 0; i < 250; i++) {
            d[1000 + i] = 1004 + 4L * i;
        }
        TraceDrivenLink link = new TraceDrivenLink(new MahimahiTrace("step", d), 0, ORIGIN);
        DeliverySchedule s = link.enqueueDownlink(ORIGIN, 1200 * 1500L);
        assertEquals(1200, s.parts());
        assertEquals(ORIGIN + 1000 * MS, s.atNanos()[999]);
        assertEquals(1000 * 1500L, s.cumulativeBytes()[999]);
        assertEquals(ORIGIN + 1004 * MS, s.atNanos()[1000]);
        assertEquals(ORIGIN + 1800 * MS, s.lastNanos());
    }

    @Test
    void traceLoopsWithItsPeriodAndCoalescesPerMillisecond() {
        // opportunities at 0, 5, 10 | 10, 15, 20 | 20, 25, 30 | 30 ...
        TraceDrivenLink link = new TraceDrivenLink(new MahimahiTrace("loop", new long[] {0, 5, 10}), 0, ORIGIN);
        DeliverySchedule s = link.enqueueDownlink(ORIGIN, 10 * 1500L);
        assertArrayEquals(new long[] {0, 5, 10, 15, 20, 25, 30}, toMs(s.atNanos()));
        assertArrayEquals(new long[] {1, 2, 4, 5, 7, 8, 10}, packets(s.cumulativeBytes()));

        // much later: ms 1001 lies in loop 100 (1000..1010); first opportunity is 1005
        TraceDrivenLink late = new TraceDrivenLink(new MahimahiTrace("loop", new long[] {0, 5, 10}), 0, ORIGIN);
        DeliverySchedule t = late.enqueueDownlink(ORIGIN + 1000 * MS + 1, 3 * 1500L);
        // 1010 twice: line P of loop 100 and line 0 of loop 101 open in the same ms
        assertArrayEquals(new long[] {1005, 1010}, toMs(t.atNanos()));
        assertArrayEquals(new long[] {1, 3}, packets(t.cumulativeBytes()));
        // the queue emptied at 1010; 1015 goes unused, the next response rides 1020 (twice)
        DeliverySchedule u = late.enqueueDownlink(ORIGIN + 1016 * MS, 3000);
        assertArrayEquals(new long[] {1020}, toMs(u.atNanos()));
        assertArrayEquals(new long[] {3000}, u.cumulativeBytes());
    }

    @Test
    void oneWayDelayShiftsTheScheduleAndAppliesUpstream() {
        TraceDrivenLink noDelay = new TraceDrivenLink(TWELVE_MBPS, 0, ORIGIN);
        TraceDrivenLink delayed = new TraceDrivenLink(TWELVE_MBPS, 40, ORIGIN);
        DeliverySchedule a = noDelay.enqueueDownlink(ORIGIN + 7 * MS, 30_000);
        DeliverySchedule b = delayed.enqueueDownlink(ORIGIN + 7 * MS, 30_000);
        for (int i = 0; i < a.parts(); i++) {
            assertEquals(a.atNanos()[i] + 40 * MS, b.atNanos()[i]);
        }
        assertEquals(40 * MS, delayed.uplinkDelayNanos());
        assertEquals(0, noDelay.uplinkDelayNanos());
        assertTrue(TraceDrivenLink.startingNow(TWELVE_MBPS).describe().contains("delay=40 ms"));
    }

    @Test
    void responsesQueueFifoAndShareAPartlyUsedOpportunity() {
        TraceDrivenLink link = new TraceDrivenLink(TWELVE_MBPS, 0, ORIGIN);
        DeliverySchedule a = link.enqueueDownlink(ORIGIN, 10 * 1500L);       // ms 1..10
        DeliverySchedule b = link.enqueueDownlink(ORIGIN, 2000);              // behind a: ms 11, 12
        assertEquals(ORIGIN + 10 * MS, a.lastNanos());
        assertArrayEquals(new long[] {11, 12}, toMs(b.atNanos()));
        assertArrayEquals(new long[] {1500, 2000}, b.cumulativeBytes());
        // the 1000 free bytes of ms 12 carry the head of the next response
        DeliverySchedule c = link.enqueueDownlink(ORIGIN + 2 * MS, 1000);
        assertArrayEquals(new long[] {12}, toMs(c.atNanos()));
        // an idle link loses its opportunities: 50 ms later the queue starts afresh
        DeliverySchedule d = link.enqueueDownlink(ORIGIN + 50 * MS, 1500);
        assertArrayEquals(new long[] {50}, toMs(d.atNanos()));
    }

    @Test
    void badInputIsRejected() {
        TraceDrivenLink link = new TraceDrivenLink(TWELVE_MBPS, 0, ORIGIN);
        assertThrows(IllegalArgumentException.class, () -> link.enqueueDownlink(ORIGIN - 1, 10));
        assertThrows(IllegalArgumentException.class, () -> link.enqueueDownlink(ORIGIN, -1));
        assertThrows(IllegalArgumentException.class, () -> new TraceDrivenLink(TWELVE_MBPS, -1, ORIGIN));
        assertEquals(0, link.enqueueDownlink(ORIGIN, 0).parts());
    }

    @Test
    void concurrentEnqueuesNeverOverlap() throws Exception {
        TraceDrivenLink link = new TraceDrivenLink(new MahimahiTrace("t", new long[] {0, 1, 1, 3, 7}), 0, ORIGIN);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<DeliverySchedule>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long bytes = 1500L * (1 + i % 7) + i;
            futures.add(pool.submit(() -> link.enqueueDownlink(ORIGIN, bytes)));
        }
        List<DeliverySchedule> all = new ArrayList<>();
        for (Future<DeliverySchedule> f : futures) {
            all.add(f.get());
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        all.sort(Comparator.comparingLong((DeliverySchedule s) -> s.atNanos()[0]).thenComparingLong(DeliverySchedule::lastNanos));
        long totalBytes = 0;
        for (int i = 0; i < all.size(); i++) {
            totalBytes += all.get(i).totalBytes();
            if (i > 0) {
                assertTrue(all.get(i).atNanos()[0] >= all.get(i - 1).lastNanos(), "schedules overlap");
            }
        }
        // the link ran without a gap, so its last opportunity carried the last byte
        long opportunities = (totalBytes + 1499) / 1500;
        long lastMs = (all.get(all.size() - 1).lastNanos() - ORIGIN) / MS;
        long[] d = {0, 1, 1, 3, 7};
        assertTrue(opportunities <= opportunitiesUpTo(d, lastMs) && opportunities > opportunitiesUpTo(d, lastMs - 1),
                opportunities + " opportunities used up to " + lastMs + " ms");
    }

    /** Brute force: opportunities of the looped trace that open at or before {@code ms}. */
    static long opportunitiesUpTo(long[] d, long ms) {
        long period = d[d.length - 1];
        long count = 0;
        for (long loop = 0; loop * period <= ms; loop++) {
            for (long x : d) {
                if (loop * period + x <= ms) {
                    count++;
                }
            }
        }
        return count;
    }

    private static long[] toMs(long[] nanos) {
        long[] ms = new long[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = (nanos[i] - ORIGIN) / MS;
        }
        return ms;
    }

    private static long[] packets(long[] cumulativeBytes) {
        long[] p = new long[cumulativeBytes.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = cumulativeBytes[i] / 1500;
        }
        return p;
    }
}
