package org.netllm.testbed.netem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnlimitedLinkTest {

    @Test
    void deliversEverythingAfterTheDelay() {
        UnlimitedLink link = new UnlimitedLink(40);
        DeliverySchedule s = link.enqueueDownlink(1_000, 2_354_772);
        assertArrayEquals(new long[] {1_000 + 40_000_000L}, s.atNanos());
        assertArrayEquals(new long[] {2_354_772}, s.cumulativeBytes());
        assertEquals(40_000_000L, link.uplinkDelayNanos());
        assertEquals(0, new UnlimitedLink(0).enqueueDownlink(5, 0).parts());
        assertEquals(5, new UnlimitedLink(0).enqueueDownlink(5, 1).lastNanos());
        assertThrows(IllegalArgumentException.class, () -> new UnlimitedLink(-1));
        assertThrows(IllegalArgumentException.class, () -> link.enqueueDownlink(0, -5));
    }
}
