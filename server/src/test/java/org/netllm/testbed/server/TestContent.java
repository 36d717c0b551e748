package org.netllm.testbed.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.server.session.VideoSpecLoader;

/**
 * A small DASH-layout folder for tests: {@code <root>/<video>/manifest.mpd}, {@code <q>/init.mp4},
 * {@code <q>/<n>.m4s} with deterministic bytes, and a loader that reads the spec back from the
 * file sizes (the real loader is the content package's DashContent, which parses the MPD).
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
        Files.writeString(dir.resolve("manifest.mpd"), "<?xml version=\"1.0\"?><MPD/>\n");
        for (int q = 0; q < LADDER_KBPS.length; q++) {
            Path qd = Files.createDirectories(dir.resolve(Integer.toString(q)));
            Files.write(qd.resolve("init.mp4"), bytes(INIT_BYTES, q));
            for (int c = 0; c < chunks; c++) {
                Files.write(qd.resolve((c + 1) + ".m4s"), bytes((int) size(q, c, base), q * 1000 + c));
            }
        }
        return dir;
    }

    public static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return b;
    }

    /** Reads sizes back from the segment files. */
    public static final VideoSpecLoader LOADER = dir -> {
        int chunks = 0;
        while (Files.exists(dir.resolve("0").resolve((chunks + 1) + ".m4s"))) {
            chunks++;
        }
        long[][] sizes = new long[LADDER_KBPS.length][chunks];
        for (int q = 0; q < LADDER_KBPS.length; q++) {
            for (int c = 0; c < chunks; c++) {
                sizes[q][c] = Files.size(dir.resolve(Integer.toString(q)).resolve((c + 1) + ".m4s"));
            }
        }
        return new VideoSpec(dir.getFileName().toString(), LADDER_KBPS, CHUNK_S, sizes);
    };
}
