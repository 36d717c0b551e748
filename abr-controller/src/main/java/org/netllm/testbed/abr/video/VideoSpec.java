package org.netllm.testbed.abr.video;

import java.util.Arrays;
import java.util.Objects;

/**
 * What an ABR algorithm knows about a video: its bitrate ladder, chunk duration and the byte size
 * of every chunk at every quality. Quality 0 is the lowest bitrate.
 *
 * @param name            short id, e.g. "envivio"
 * @param bitratesKbps    ladder in kbit/s, ascending (docs/reference/abr.md §1: 300..4300)
 * @param chunkDurationS  nominal chunk duration in seconds (4.0 in the simulator)
 * @param sizesBytes      sizesBytes[quality][chunk]; the Envivio table has 49 chunks per quality
 */
public record VideoSpec(String name, int[] bitratesKbps, double chunkDurationS, long[][] sizesBytes) {

    public VideoSpec {
        Objects.requireNonNull(name, "name");
        if (bitratesKbps.length == 0 || sizesBytes.length != bitratesKbps.length) {
            throw new IllegalArgumentException("video " + name + ": " + bitratesKbps.length
                    + " bitrates but " + sizesBytes.length + " size rows");
        }
        for (int q = 1; q < bitratesKbps.length; q++) {
            if (bitratesKbps[q] <= bitratesKbps[q - 1]) {
                throw new IllegalArgumentException("video " + name + ": bitrate ladder not ascending at level " + q);
            }
        }
        int n = sizesBytes[0].length;
        for (long[] row : sizesBytes) {
            if (row.length != n) {
                throw new IllegalArgumentException("video " + name + ": size rows differ in length");
            }
        }
        if (!(chunkDurationS > 0)) {
            throw new IllegalArgumentException("video " + name + ": chunk duration must be > 0");
        }
    }

    public int levels() {
        return bitratesKbps.length;
    }

    /** Chunks in the size table (49 for Envivio; the simulator plays 48 of them). */
    public int chunks() {
        return sizesBytes[0].length;
    }

    public long sizeBytes(int quality, int chunk) {
        return sizesBytes[quality][chunk];
    }

    public int topQuality() {
        return bitratesKbps.length - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoSpec v && name.equals(v.name) && Arrays.equals(bitratesKbps, v.bitratesKbps)
                && chunkDurationS == v.chunkDurationS && Arrays.deepEquals(sizesBytes, v.sizesBytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(bitratesKbps), chunkDurationS, Arrays.deepHashCode(sizesBytes));
    }

    @Override
    public String toString() {
        return "VideoSpec[" + name + ", " + levels() + " levels, " + chunks() + " chunks]";
    }
}
