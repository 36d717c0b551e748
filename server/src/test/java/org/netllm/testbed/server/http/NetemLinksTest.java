package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netem.DeliverySchedule;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.server.config.LinkMode;
import org.netllm.testbed.server.config.LinkSpec;
import org.netllm.testbed.server.session.NetemLinks;

/** The production link factory on real trace files: formats, rate, delay, errors. */
class NetemLinksTest {

    @TempDir
    Path tmp;

    private final NetemLinks links = new NetemLinks();

    @Test
    void mahimahiTraceOfOnePacketPerMsCarries1500BytesPerMs() throws IOException {
        Path f = tmp.resolve("mm");
        StringBuilder sb = new StringBuilder();
        for (int ms = 0; ms <= 1000; ms++) {
            sb.append(ms).append('\n');
        }
        Files.writeString(f, sb);
        LinkEmulator link = links.create(new LinkSpec(LinkMode.BUILTIN, 40, false), f);
        assertEquals(40_000_000L, link.uplinkDelayNanos());
        long now = System.nanoTime();
        DeliverySchedule s = link.enqueueDownlink(now, 150_000);
        assertEquals(150_000, s.totalBytes());
        double spanMs = (s.lastNanos() - now) / 1e6;
        assertTrue(spanMs >= 100 + 40 - 2 && spanMs <= 100 + 40 + 3, "100 packets + 40 ms delay, got " + spanMs + " ms");
    }

    @Test
    void cookedTraceIsReplayedToo() throws IOException {
        Path f = tmp.resolve("cooked");
        Files.writeString(f, "0.0\t12.0\n1.0\t12.0\n2.0\t12.0\n3.0\t12.0\n");
        LinkEmulator link = links.create(new LinkSpec(LinkMode.BUILTIN, 0, false), f);
        long now = System.nanoTime();
        double spanMs = (link.enqueueDownlink(now, 150_000).lastNanos() - now) / 1e6;
        assertTrue(spanMs >= 95 && spanMs <= 110, "12 Mbit/s = 1500 B/ms, got " + spanMs + " ms for 150 kB");
    }

    @Test
    void modeNoneAndBadFiles() throws IOException {
        assertTrue(links.create(new LinkSpec(LinkMode.NONE, 5, false), null).describe().contains("unlimited"));
        Path bad = tmp.resolve("bad");
        Files.writeString(bad, "0\nfoo\n");
        IOException e = assertThrows(IOException.class, () -> links.create(LinkSpec.DEFAULT, bad));
        assertTrue(e.getMessage().contains("bad"), e.getMessage());
    }
}
