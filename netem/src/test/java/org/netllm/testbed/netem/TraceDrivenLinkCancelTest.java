package org.netllm.testbed.netem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.traces.MahimahiTrace;

/**
 * An aborted response leaves the session's queue: after {@link TraceDrivenLink#cancelDownlink} the next response
 * is scheduled exactly as on a link that never carried the aborted bytes past the cancel time (mm-link semantics,
 * docs/reference/abr.md §2.3: one FIFO per session, an opportunity finding the queue empty is lost).
 */
class TraceDrivenLinkCancelTest {

    private static final long MS = 1_000_000L;
    private static final long ORIGIN = 7_000_000_000L;
    /** One 1500-byte opportunity every 2 ms, with a burst of three at ms 5 (period 10 ms). */
    private static final MahimahiTrace BURSTY = new MahimahiTrace("bursty", new long[] {2, 4, 5, 5, 5, 6, 8, 10});

    @Test
    void cancelMidTransferFreesTheQueueForTheNextResponse() {
        TraceDrivenLink aborted = new TraceDrivenLink(BURSTY, 40, ORIGIN);
        DeliverySchedule big = aborted.enqueueDownlink(ORIGIN, 1_000_000);
        long cancelAt = big.atNanos()[10] + MS / 2; // 11 parts delivered
        long removed = aborted.cancelDownlink(big, cancelAt);
        assertEquals(1_000_000 - big.cumulativeBytes()[10], removed);

        // the oracle: a link that carried exactly the delivered bytes
        TraceDrivenLink reference = new TraceDrivenLink(BURSTY, 40, ORIGIN);
        reference.enqueueDownlink(ORIGIN, big.cumulativeBytes()[10]);

        for (long next : new long[] {cancelAt, cancelAt + 3 * MS, cancelAt + 250 * MS}) {
            DeliverySchedule a = aborted.enqueueDownlink(next, 20_000);
            DeliverySchedule r = reference.enqueueDownlink(next, 20_000);
            assertArrayEquals(r.atNanos(), a.atNanos(), "next response at +" + (next - cancelAt) / MS + " ms");
            assertArrayEquals(r.cumulativeBytes(), a.cumulativeBytes());
        }
    }

    @Test
    void cancelBeforeTheFirstByteGivesBackThePartlyUsedOpportunity() {
        // 700 bytes leave 800 free in their opportunity; the aborted response starts there
        TraceDrivenLink aborted = new TraceDrivenLink(BURSTY, 40, ORIGIN);
        TraceDrivenLink reference = new TraceDrivenLink(BURSTY, 40, ORIGIN);
        aborted.enqueueDownlink(ORIGIN, 700);
        reference.enqueueDownlink(ORIGIN, 700);
        DeliverySchedule big = aborted.enqueueDownlink(ORIGIN, 500_000);
        assertEquals(500_000, aborted.cancelDownlink(big, ORIGIN + 2 * MS)); // nothing arrived yet (delay 40 ms)

        // enqueued in the same millisecond as the first response, so it joins that opportunity
        DeliverySchedule a = aborted.enqueueDownlink(ORIGIN, 5_000);
        DeliverySchedule r = reference.enqueueDownlink(ORIGIN, 5_000);
        assertArrayEquals(r.atNanos(), a.atNanos());
        assertArrayEquals(r.cumulativeBytes(), a.cumulativeBytes());
        assertEquals(800, a.cumulativeBytes()[0], "shares the first response's opportunity again");
    }

    @Test
    void onlyTheQueuesLastResponseCanLeaveAndOnlyOnce() {
        TraceDrivenLink link = new TraceDrivenLink(BURSTY, 0, ORIGIN);
        DeliverySchedule first = link.enqueueDownlink(ORIGIN, 30_000);
        DeliverySchedule second = link.enqueueDownlink(ORIGIN, 30_000);
        // bytes queued behind the aborted response keep their schedule, so the aborted bytes stay
        assertEquals(0, link.cancelDownlink(first, ORIGIN + MS));
        assertEquals(30_000, link.cancelDownlink(second, ORIGIN + MS));
        assertEquals(0, link.cancelDownlink(second, ORIGIN + MS), "twice");
        // the third queues right behind the first, as on a link that never carried the second
        TraceDrivenLink reference = new TraceDrivenLink(BURSTY, 0, ORIGIN);
        reference.enqueueDownlink(ORIGIN, 30_000);
        DeliverySchedule third = link.enqueueDownlink(ORIGIN + MS, 4500);
        assertArrayEquals(reference.enqueueDownlink(ORIGIN + MS, 4500).atNanos(), third.atNanos());

        DeliverySchedule done = link.enqueueDownlink(ORIGIN + MS, 3000);
        assertEquals(0, link.cancelDownlink(done, done.lastNanos()), "fully delivered: nothing to remove");
    }

    @Test
    void unlimitedLinkHasNoQueue() {
        UnlimitedLink link = new UnlimitedLink(10);
        DeliverySchedule s = link.enqueueDownlink(ORIGIN, 1000);
        assertEquals(0, link.cancelDownlink(s, ORIGIN));
    }

    @Test
    void deliveredByCountsDueParts() {
        DeliverySchedule s = new DeliverySchedule(new long[] {10, 20, 30}, new long[] {5, 9, 12});
        assertEquals(0, s.deliveredBy(9));
        assertEquals(5, s.deliveredBy(10));
        assertEquals(9, s.deliveredBy(29));
        assertEquals(12, s.deliveredBy(1000));
    }
}
