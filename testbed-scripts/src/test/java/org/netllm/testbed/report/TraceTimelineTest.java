package org.netllm.testbed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceTimelineTest {

    /** One packet per ms for 100 ms = 12 Mbit/s. */
    static Path constantTrace(Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int ms = 0; ms <= 100; ms++) {
            sb.append(ms).append('\n');
        }
        return Files.writeString(dir.resolve("const"), sb.toString());
    }

    @Test
    void constantRateTransfer(@TempDir Path dir) throws Exception {
        TraceTimeline t = TraceTimeline.load(constantTrace(dir));
        // 15 packets starting at ms 10 leave at 10..24 -> done 14 ms after start
        assertEquals(14, t.transferMs(10, 15 * 1500), 1e-9);
        // 16 packets spill over a partial packet
        assertEquals(15, t.transferMs(10, 15 * 1500 + 1), 1e-9);
        // across the loop (period 100 ms; times 100 and 0+100 are both opportunities)
        assertEquals(3, t.transferMs(98, 4 * 1500 + 1), 1e-9);  // 98, 99, 100, 100 (loop 2 at 0), 101
        // many whole loops: 101 packets per loop
        assertEquals(100, t.transferMs(0, 101L * 1500), 1e-9);
        assertEquals(300, t.transferMs(0, 3 * 101L * 1500), 1e-9);
    }

    @Test
    void stepTrace(@TempDir Path dir) throws Exception {
        // 1 packet/ms for 0..49, then 1 packet every 10 ms up to 200
        StringBuilder sb = new StringBuilder();
        for (int ms = 0; ms < 50; ms++) {
            sb.append(ms).append('\n');
        }
        for (int ms = 50; ms <= 200; ms += 10) {
            sb.append(ms).append('\n');
        }
        TraceTimeline t = TraceTimeline.load(Files.writeString(dir.resolve("step"), sb.toString()));
        assertEquals(9, t.transferMs(0, 10 * 1500), 1e-9);
        assertEquals(40, t.transferMs(60, 5 * 1500), 1e-9);  // 60,70,80,90,100
    }

    @Test
    void badFilesNameTheLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "0\n5\nx\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceTimeline.load(bad));
        assertTrue(e.getMessage().contains("bad line 3"), e.getMessage());
        Path dec = Files.writeString(dir.resolve("dec"), "0\n5\n3\n");
        assertThrows(IllegalArgumentException.class, () -> TraceTimeline.load(dec));
    }
}
