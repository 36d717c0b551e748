package org.netllm.testbed.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small DASH-layout folder for tests: {@code <root>/<video>/manifest.mpd}, {@code <q>/init.mp4},
 * {@code <q>/<n>.m4s} with deterministic bytes and a SegmentTemplate MPD that the real loader
 * ({@code DashContent}) parses.
 */
public final class TestContent {

    public static final int[] LADDER_KBPS = {300, 750, 1200, 1850, 2850, 4300};
    public static final double CHUNK_S = 4.0;
    public static final int INIT_BYTES = 686;

    private TestContent() {
    }

    /** Sizes: chunk n at quality q is {@code base·(q+1) + 97·n} bytes. */
    public static long size(int q, int chunk, long base) {
        return base * (q + 1) + 97L * chunk;
    }

    public static Path write(Path root, String video, int chunks, long base) throws IOException {
        Path dir = root.resolve(video);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.mpd"), manifest(chunks));
        for (int q = 0; q < LADDER_KBPS.length; q++) {
            Path qd = Files.createDirectories(dir.resolve(Integer.toString(q)));
            Files.write(qd.resolve("init.mp4"), bytes(INIT_BYTES, q));
            for (int c = 0; c < chunks; c++) {
                Files.write(qd.resolve((c + 1) + ".m4s"), bytes((int) size(q, c, base), q * 1000 + c));
            }
        }
        return dir;
    }

    /** A SegmentTemplate MPD in the content layout ({@code <q>/init.mp4}, {@code <q>/<n>.m4s}, n from 1). */
    static String manifest(int chunks) {
        StringBuilder reps = new StringBuilder();
        for (int q = 0; q < LADDER_KBPS.length; q++) {
            reps.append("   <Representation id=\"").append(q).append("\" bandwidth=\"").append(LADDER_KBPS[q] * 1000)
                    .append("\" codecs=\"avc1.64001e\" width=\"640\" height=\"360\"/>\n");
        }
        return "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" mediaPresentationDuration=\"PT"
                + (int) (chunks * CHUNK_S) + "S\" minBufferTime=\"PT4S\" profiles=\"urn:mpeg:dash:profile:isoff-live:2011\">\n"
                + " <Period><AdaptationSet mimeType=\"video/mp4\" segmentAlignment=\"true\">\n"
                + "  <SegmentTemplate timescale=\"1000\" duration=\"" + (int) (CHUNK_S * 1000)
                + "\" startNumber=\"1\" media=\"$RepresentationID$/$Number$.m4s\" initialization=\"$RepresentationID$/init.mp4\"/>\n"
                + reps + " </AdaptationSet></Period>\n</MPD>\n";
    }

    public static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return b;
    }
}
