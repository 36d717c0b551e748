package org.netllm.testbed.server.http;

import org.netllm.testbed.server.spi.RequestException;

/**
 * One satisfiable byte range of a file (RFC 9110 §14). Multi-range requests and other units are
 * answered with the whole file (a server may ignore Range); an unsatisfiable or malformed single
 * bytes range is a 416 whose reply carries {@code Content-Range: bytes *}{@code /<size>} (§15.5.17,
 * {@link #unsatisfiedRange}). Positions are plain digits (§14.1.2: {@code 1*DIGIT}): signs, spaces
 * inside a number or more digits than a long holds are malformed, not parsed leniently.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
public record ByteRange(long start, long end) {

    private static final String BYTES_UNIT = "bytes=";
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]{1,18}");

    public long length() {
        return end - start + 1;
    }

    /** The Content-Range of a 416 reply (RFC 9110 §14.4: the complete length, no range). */
    public static String unsatisfiedRange(long size) {
        return "bytes */" + size;
    }

    public String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /** @return the range, or null to serve the whole file */
    public static ByteRange parse(String header, long size) {
        if (header == null || !header.regionMatches(true, 0, BYTES_UNIT, 0, BYTES_UNIT.length())) {
            return null;
        }
        String spec = header.substring(BYTES_UNIT.length()).trim();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw unsatisfiable(header, size, "no '-'");
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if ((!a.isEmpty() && !DIGITS.matcher(a).matches()) || (!b.isEmpty() && !DIGITS.matcher(b).matches())
                || (a.isEmpty() && b.isEmpty())) {
            throw unsatisfiable(header, size, "positions must be digits");
        }
        try {
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(header, size, "empty suffix range");
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(a);
            long end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (start < 0 || start >= size || end < start) {
                throw unsatisfiable(header, size, "outside the file");
            }
            return new ByteRange(start, end);
        } catch (NumberFormatException e) {
            throw unsatisfiable(header, size, "not a number");
        }
    }

    private static RequestException unsatisfiable(String header, long size, String why) {
        return new RequestException(RequestException.RANGE_NOT_SATISFIABLE,
                "Range '" + Replies.bounded(header, 80) + "' not satisfiable for " + size + " bytes: " + why);
    }
}
