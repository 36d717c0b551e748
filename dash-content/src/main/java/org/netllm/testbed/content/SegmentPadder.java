package org.netllm.testbed.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Brings an fMP4 media segment to an exact byte size by inserting one top-level {@code free} box
 * right after its last {@code mdat}. Players skip {@code free} boxes, and a box after the media
 * data moves no offsets that {@code sidx}/{@code trun} refer to, so playback is unchanged while the
 * network sees exactly the size of the reference video's segment (docs/reference/abr.md §2.1).
 */
public final class SegmentPadder {

    private SegmentPadder() {
    }

    /**
     * Pads {@code segment} in place to {@code targetBytes}.
     *
     * @return the number of padding bytes added (0 when the size already matches)
     * @throws IllegalArgumentException when the segment is larger than the target, when the gap is
     *                                  smaller than a box header, or when the file is not ISO-BMFF
     */
    public static long pad(Path segment, long targetBytes) throws IOException {
        byte[] data = Files.readAllBytes(segment);
        List<IsoBox> boxes = IsoBmff.boxes(ByteBuffer.wrap(data), 0, data.length, segment.toString());
        long gap = targetBytes - data.length;
        if (gap == 0) {
            return 0;
        }
        if (gap < 0) {
            throw new IllegalArgumentException(segment + ": segment is " + data.length + " bytes, larger than its target "
                    + targetBytes + " bytes (encode at a lower bitrate)");
        }
        if (gap < IsoBmff.HEADER_SIZE) {
            throw new IllegalArgumentException(segment + ": only " + gap + " bytes below its target " + targetBytes
                    + "; a free box needs at least " + IsoBmff.HEADER_SIZE);
        }
        IsoBox lastMdat = null;
        for (IsoBox b : boxes) {
            if (b.type().equals("mdat")) {
                lastMdat = b;
            }
        }
        if (lastMdat == null) {
            throw new IllegalArgumentException(segment + ": no mdat box; not a media segment");
        }
        int insertAt = (int) lastMdat.end();
        byte[] free = IsoBmff.freeBox(gap);
        Path tmp = segment.resolveSibling(segment.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            out.write(data, 0, insertAt);
            out.write(free);
            out.write(data, insertAt, data.length - insertAt);
        }
        Files.move(tmp, segment, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return gap;
    }
}
