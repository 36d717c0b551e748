package org.netllm.testbed.server.http;

import org.netllm.testbed.server.spi.RequestException;

/**
 * One satisfiable byte range of a file (RFC 9110 §14). Multi-range requests and other units are
 * answered with the whole file (a server may ignore Range); an unsatisfiable or malformed single
 * bytes range is a 416.
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
public record ByteRange(long start, long end) {

    private static final String BYTES_UNIT = "bytes=";

    public long length() {
        return end - start + 1;
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
                "Range '" + header + "' not satisfiable for " + size + " bytes: " + why);
    }
}
