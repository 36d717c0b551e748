package org.netllm.testbed.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.netllm.testbed.abr.video.VideoSpec;

/**
 * Everything that determines a generated video; its {@link #inputsHash} is the cache key.
 *
 * @param video      output folder name under the content root (e.g. "envivio")
 * @param table      chunk-size table and bitrate ladder (docs/reference/abr.md §2.1)
 * @param chunks     how many chunks to generate (≤ table chunks; short videos for tests)
 * @param mode       size-matched (padded to the table) or natural
 * @param source     lavfi source filter name, e.g. "testsrc2"
 * @param fps        frames per second; a GOP is chunkDurationS × fps frames
 * @param cbrFactor  size-matched mode encodes each level at this fraction of its smallest table
 *                   segment, so CBR jitter stays below the target and padding fills the rest
 */
public record GeneratorSettings(String video, VideoSpec table, int chunks, GenerationMode mode,
                                String source, int fps, double cbrFactor) {

    /** Bumped when the generator's output format changes, to invalidate caches. */
    public static final int GENERATOR_VERSION = 1;
    public static final String DEFAULT_SOURCE = "testsrc2";
    public static final int DEFAULT_FPS = 25;
    /** Seen to leave headroom for x264 nal-hrd CBR jitter on every Envivio segment. */
    public static final double DEFAULT_CBR_FACTOR = 0.72;
    /** Cheap low-resolution pictures per level (0 = lowest); bytes come from the bitrate, not the size. */
    static final int[][] RESOLUTIONS = {{256, 144}, {320, 180}, {384, 216}, {448, 252}, {512, 288}, {640, 360}};

    public GeneratorSettings {
        if (chunks < 1 || chunks > table.chunks()) {
            throw new IllegalArgumentException("chunks must be in 1.." + table.chunks() + " for " + table.name() + ", got " + chunks);
        }
        double gop = table.chunkDurationS() * fps;
        if (fps < 1 || gop != Math.rint(gop)) {
            throw new IllegalArgumentException("chunk duration " + table.chunkDurationS() + " s × " + fps + " fps is not a whole number of frames");
        }
        if (!(cbrFactor > 0 && cbrFactor <= 1)) {
            throw new IllegalArgumentException("cbrFactor must be in (0, 1], got " + cbrFactor);
        }
    }

    public static GeneratorSettings defaults(String video, VideoSpec table, int chunks, GenerationMode mode) {
        return new GeneratorSettings(video, table, chunks, mode, DEFAULT_SOURCE, DEFAULT_FPS, DEFAULT_CBR_FACTOR);
    }

    public int levels() {
        return table.levels();
    }

    /** Frames per closed GOP = per segment. */
    public int gopFrames() {
        return (int) Math.rint(table.chunkDurationS() * fps);
    }

    public double durationS() {
        return chunks * table.chunkDurationS();
    }

    /** Target byte size of {@code chunk} at {@code quality} in size-matched mode. */
    public long targetBytes(int quality, int chunk) {
        return table.sizeBytes(quality, chunk);
    }

    /** x264 CBR rate for a level, bit/s. */
    public long encodeBitrateBps(int quality) {
        if (mode == GenerationMode.NATURAL) {
            return table.bitratesKbps()[quality] * 1000L;
        }
        long min = Long.MAX_VALUE;
        for (int c = 0; c < chunks; c++) {
            min = Math.min(min, table.sizeBytes(quality, c));
        }
        return (long) (cbrFactor * min * Byte.SIZE / table.chunkDurationS());
    }

    public int[] resolution(int quality) {
        return RESOLUTIONS[Math.min(quality, RESOLUTIONS.length - 1)];
    }

    /** SHA-256 over every input plus the ffmpeg version. */
    public String inputsHash(String ffmpegVersion) {
        StringBuilder s = new StringBuilder()
                .append("v").append(GENERATOR_VERSION).append('|').append(video).append('|').append(chunks)
                .append('|').append(mode).append('|').append(source).append('|').append(fps).append('|').append(cbrFactor)
                .append('|').append(table.chunkDurationS()).append('|').append(Arrays.toString(table.bitratesKbps()))
                .append('|').append(Arrays.deepToString(table.sizesBytes())).append('|').append(ffmpegVersion);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
