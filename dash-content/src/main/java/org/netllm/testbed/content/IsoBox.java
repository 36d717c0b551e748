package org.netllm.testbed.content;

/**
 * One ISO-BMFF box as found in a file: its four-character type, where it starts, its total size
 * (header included) and the header length (8, or 16 with a 64-bit largesize).
 */
public record IsoBox(String type, long offset, long size, int headerSize) {

    /** First byte after the header, where the payload (or child boxes) begins. */
    public long payloadOffset() {
        return offset + headerSize;
    }

    /** First byte after this box. */
    public long end() {
        return offset + size;
    }
}
