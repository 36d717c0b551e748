package org.netllm.testbed.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Minimal ISO-BMFF (ISO/IEC 14496-12) box reader/writer: enough to walk fMP4 init and media
 * segments, read a few fields (mdhd timescale, avcC profile) and write {@code free} padding boxes.
 */
public final class IsoBmff {

    /** Smallest box: 32-bit size + four-character type. */
    public static final int HEADER_SIZE = 8;
    /** Header with the 64-bit largesize field (size == 1). */
    public static final int LARGE_HEADER_SIZE = 16;
    /** Largest size that fits the 32-bit size field. */
    static final long MAX_COMPACT_SIZE = 0xFFFF_FFFFL;

    /**
     * Bytes to skip inside a box before its child boxes start, for the containers we descend into.
     * stsd: FullBox header (4) + entry_count (4). avc1: VisualSampleEntry fields (78 bytes, 14496-12 §12.1.3).
     */
    private static final Map<String, Integer> CONTAINER_PREFIX = Map.of(
            "moov", 0, "trak", 0, "mdia", 0, "minf", 0, "stbl", 0, "moof", 0, "traf", 0, "mvex", 0,
            "stsd", 8, "avc1", 78);

    private IsoBmff() {
    }

    /** Top-level boxes of a file; the boxes must tile the file exactly. */
    public static List<IsoBox> topLevel(Path file) throws IOException {
        return boxes(ByteBuffer.wrap(Files.readAllBytes(file)), 0, Files.size(file), file.toString());
    }

    /**
     * Boxes tiling {@code [start, end)} of {@code data}.
     *
     * @param source names the data in error messages (usually the file path)
     */
    public static List<IsoBox> boxes(ByteBuffer data, long start, long end, String source) {
        List<IsoBox> out = new ArrayList<>();
        long pos = start;
        while (pos < end) {
            if (end - pos < HEADER_SIZE) {
                throw new IllegalArgumentException(source + ": " + (end - pos)
                        + " trailing bytes at offset " + pos + " are too short for a box header");
            }
            long size = Integer.toUnsignedLong(data.getInt((int) pos));
            String type = fourcc(data, (int) pos + 4);
            int header = HEADER_SIZE;
            if (size == 1) {
                if (end - pos < LARGE_HEADER_SIZE) {
                    throw new IllegalArgumentException(source + ": box '" + type + "' at offset " + pos
                            + " declares a largesize but the data ends");
                }
                size = data.getLong((int) pos + HEADER_SIZE);
                header = LARGE_HEADER_SIZE;
            } else if (size == 0) {
                size = end - pos; // 14496-12 §4.2: size 0 = box extends to the end of the enclosing space
            }
            if (size < header || pos + size > end) {
                throw new IllegalArgumentException(source + ": box '" + type + "' at offset " + pos
                        + " has size " + size + " which does not fit in [" + pos + ", " + end + ")");
            }
            out.add(new IsoBox(type, pos, size, header));
            pos += size;
        }
        return out;
    }

    /** Follows a path like {@code moov/trak/mdia/mdhd} (first match at each level). */
    public static Optional<IsoBox> find(ByteBuffer data, String path, String source) {
        String[] parts = path.split("/");
        long start = 0;
        long end = data.limit();
        IsoBox found = null;
        for (int i = 0; i < parts.length; i++) {
            String want = parts[i];
            found = null;
            for (IsoBox b : boxes(data, start, end, source)) {
                if (b.type().equals(want)) {
                    found = b;
                    break;
                }
            }
            if (found == null) {
                return Optional.empty();
            }
            if (i + 1 < parts.length) {
                Integer prefix = CONTAINER_PREFIX.get(want);
                if (prefix == null) {
                    throw new IllegalArgumentException("cannot descend into box '" + want + "' (path " + path + ")");
                }
                start = found.payloadOffset() + prefix;
                end = found.end();
            }
        }
        return Optional.of(found);
    }

    /** The media timescale of the first track (mdhd, version 0 or 1). */
    public static long mediaTimescale(Path initSegment) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(initSegment));
        IsoBox mdhd = find(data, "moov/trak/mdia/mdhd", initSegment.toString())
                .orElseThrow(() -> new IllegalArgumentException(initSegment + ": no moov/trak/mdia/mdhd box"));
        int p = (int) mdhd.payloadOffset();
        int version = data.get(p) & 0xFF;
        // FullBox(4) then creation/modification times: 2×4 bytes (v0) or 2×8 bytes (v1)
        int timescaleAt = p + 4 + (version == 1 ? 16 : 8);
        return Integer.toUnsignedLong(data.getInt(timescaleAt));
    }

    /** RFC 6381 codecs string "avc1.PPCCLL" from the avcC box of an H.264 init segment. */
    public static String avcCodecs(Path initSegment) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(initSegment));
        IsoBox avcC = find(data, "moov/trak/mdia/minf/stbl/stsd/avc1/avcC", initSegment.toString())
                .orElseThrow(() -> new IllegalArgumentException(initSegment + ": no H.264 avc1/avcC sample entry"));
        int p = (int) avcC.payloadOffset();
        // AVCDecoderConfigurationRecord: version, profile, compatibility, level
        return String.format("avc1.%02x%02x%02x", data.get(p + 1) & 0xFF, data.get(p + 2) & 0xFF, data.get(p + 3) & 0xFF);
    }

    /** A {@code free} box of exactly {@code size} bytes (zero payload); 16-byte header when it needs largesize. */
    public static byte[] freeBox(long size) {
        if (size < HEADER_SIZE) {
            throw new IllegalArgumentException("a box needs at least " + HEADER_SIZE + " bytes, asked for " + size);
        }
        if (size > Integer.MAX_VALUE - LARGE_HEADER_SIZE) {
            throw new IllegalArgumentException("free box of " + size + " bytes is too large");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        if (size <= MAX_COMPACT_SIZE) {
            b.putInt((int) size).put("free".getBytes(StandardCharsets.US_ASCII));
        } else {
            b.putInt(1).put("free".getBytes(StandardCharsets.US_ASCII)).putLong(size);
        }
        return b.array();
    }

    private static String fourcc(ByteBuffer data, int at) {
        byte[] t = new byte[4];
        for (int i = 0; i < 4; i++) {
            t[i] = data.get(at + i);
        }
        return new String(t, StandardCharsets.ISO_8859_1);
    }
}
