package org.netllm.testbed.netem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.netllm.testbed.traces.MahimahiTrace;

class TraceDrivenLinkPropertiesTest {

    private static final long MS = 1_000_000L;
    private static final long ORIGIN = 123_456_789L;

    /**
     * One response into an idle link at time 0 with no delay uses every opportunity from ms 0 on,
     * so after each part exactly min(bytes, 1500 · opportunities opened so far) have arrived.
     */
    @Property(tries = 300)
    void singleResponseFollowsTheOpportunityCount(@ForAll("traces") long[] d,
                                                  @ForAll @LongRange(min = 1, max = 3_000_000) long bytes) {
        TraceDrivenLink link = new TraceDrivenLink(new MahimahiTrace("p", d), 0, ORIGIN);
        DeliverySchedule s = link.enqueueDownlink(ORIGIN, bytes);
        assertEquals(bytes, s.totalBytes());
        for (int i = 0; i < s.parts(); i++) {
            long ms = (s.atNanos()[i] - ORIGIN) / MS;
            long expected = Math.min(bytes, 1500 * TraceDrivenLinkTest.opportunitiesUpTo(d, ms));
            assertEquals(expected, s.cumulativeBytes()[i], "part " + i + " at " + ms + " ms");
        }
    }

    /** Any sequence of responses: monotone schedules, all bytes, FIFO order, nothing before arrival. */
    @Property(tries = 300)
    void schedulesAreMonotoneCompleteAndFifo(@ForAll("traces") long[] d,
                                             @ForAll @IntRange(min = 0, max = 80) int delayMs,
                                             @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 0, max = 400_000) Long> sizes,
                                             @ForAll @Size(min = 20, max = 20) List<@LongRange(min = 0, max = 3_000) Long> gapsMs) {
        TraceDrivenLink link = new TraceDrivenLink(new MahimahiTrace("p", d), delayMs, ORIGIN);
        long now = ORIGIN;
        long previousLast = Long.MIN_VALUE;
        for (int k = 0; k < sizes.size(); k++) {
            now += gapsMs.get(k) * MS + 17; // off the millisecond grid on purpose
            long bytes = sizes.get(k);
            DeliverySchedule s = link.enqueueDownlink(now, bytes);
            assertEquals(bytes, s.totalBytes());
            if (bytes == 0) {
                assertEquals(0, s.parts());
                continue;
            }
            assertTrue(s.atNanos()[0] >= now + delayMs * MS, "delivered before it could arrive");
            assertTrue(s.atNanos()[0] >= previousLast, "overtakes an earlier response");
            long atQueueMs = (now - ORIGIN + delayMs * MS + MS - 1) / MS;
            if (atQueueMs * MS + ORIGIN > previousLast) {
                // idle link: the first opportunity opening at or after the bytes reach the queue
                assertEquals(firstOpportunityAtOrAfter(d, atQueueMs), (s.atNanos()[0] - ORIGIN) / MS);
            }
            for (int i = 1; i < s.parts(); i++) {
                assertTrue(s.atNanos()[i] > s.atNanos()[i - 1], "times ascend");
                assertTrue(s.cumulativeBytes()[i] > s.cumulativeBytes()[i - 1], "bytes ascend");
                assertTrue(s.cumulativeBytes()[i] - s.cumulativeBytes()[i - 1] <= 1500L * d.length, "per-ms bound");
            }
            previousLast = s.lastNanos();
        }
    }

    /** Brute force over the looped trace. */
    private static long firstOpportunityAtOrAfter(long[] d, long ms) {
        long period = d[d.length - 1];
        for (long loop = Math.max(0, ms / period - 1); ; loop++) {
            for (long x : d) {
                if (loop * period + x >= ms) {
                    return loop * period + x;
                }
            }
        }
    }

    @Provide
    Arbitrary<long[]> traces() {
        return Arbitraries.longs().between(0, 400).array(long[].class).ofMinSize(1).ofMaxSize(60).map(a -> {
            long[] s = a.clone();
            Arrays.sort(s);
            if (s[s.length - 1] == 0) {
                s[s.length - 1] = 1;
            }
            return s;
        });
    }
}
