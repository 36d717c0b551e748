package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.server.spi.RequestException;

/** RFC 9110 byte ranges: satisfiable forms, ignored forms, 416s. */
class ByteRangeTest {

    @Property(tries = 300)
    void closedRangesAreClippedToTheFile(@ForAll @LongRange(min = 1, max = 5_000_000) long size,
                                         @ForAll @LongRange(min = 0, max = 6_000_000) long a,
                                         @ForAll @LongRange(min = 0, max = 6_000_000) long b) {
        Assume.that(a < size && a <= b);
        ByteRange r = ByteRange.parse("bytes=" + a + "-" + b, size);
        assertEquals(a, r.start());
        assertEquals(Math.min(b, size - 1), r.end());
        assertEquals(r.end() - r.start() + 1, r.length());
    }

    @Property(tries = 200)
    void suffixRangesTakeTheTail(@ForAll @LongRange(min = 1, max = 5_000_000) long size,
                                 @ForAll @LongRange(min = 1, max = 6_000_000) long n) {
        ByteRange r = ByteRange.parse("bytes=-" + n, size);
        assertEquals(size - 1, r.end());
        assertEquals(Math.min(n, size), r.length());
    }

    @Test
    void ignoredAndUnsatisfiable() {
        assertNull(ByteRange.parse(null, 10));
        assertNull(ByteRange.parse("items=0-1", 10));
        assertNull(ByteRange.parse("bytes=0-1,4-5", 10), "multi-range: whole file");
        assertEquals("bytes 2-9/10", ByteRange.parse("bytes=2-", 10).contentRange(10));
        for (String bad : new String[] {"bytes=10-", "bytes=5-2", "bytes=x-3", "bytes=-0", "bytes=7"}) {
            RequestException e = assertThrows(RequestException.class, () -> ByteRange.parse(bad, 10), bad);
            assertEquals(416, e.status());
        }
    }
}
