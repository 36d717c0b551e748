package org.netllm.testbed.traces;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes Mahimahi link traces (docs/reference/abr.md §2.3): one non-negative integer millisecond
 * per line, non-decreasing. The 12 Mbit/s uplink file holds just "1" without a newline, which is
 * accepted. A trace must contain a positive timestamp, because mm-link loops with the last
 * timestamp as period.
 */
public final class MahimahiTraceIO {

    /** Longest accepted timestamp text; 18 digits keep the value inside a long. */
    private static final int MAX_DIGITS = 18;

    private MahimahiTraceIO() {
    }

    public static MahimahiTrace read(Path file) throws IOException {
        LongList times = new LongList();
        TraceLines.forEach(file, (line, lineNo) -> {
            long ms = parseMillis(file, lineNo, line);
            if (times.size() > 0 && ms < times.last()) {
                throw new TraceFormatException(file, lineNo, "time " + ms + " ms decreases (previous line: "
                        + times.last() + " ms)");
            }
            times.add(ms);
        });
        long[] deliveryMs = times.toArray();
        if (deliveryMs[deliveryMs.length - 1] == 0) {
            throw new TraceFormatException(file, 0, "all timestamps are 0: mm-link needs a positive last"
                    + " timestamp as its loop period");
        }
        return new MahimahiTrace(TraceLines.nameOf(file), deliveryMs);
    }

    /** Writes one timestamp per line, each ending in LF (as GENET's converter does). */
    public static void write(MahimahiTrace trace, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long ms : trace.deliveryMs()) {
                out.write(Long.toString(ms));
                out.write('\n');
            }
        }
    }

    private static long parseMillis(Path file, int lineNo, String token) throws TraceFormatException {
        if (token.startsWith("-")) {
            throw new TraceFormatException(file, lineNo, "negative time '" + token + "'");
        }
        if (token.indexOf(' ') >= 0 || token.indexOf('\t') >= 0) {
            throw new TraceFormatException(file, lineNo, "expected 1 column (ms), found "
                    + token.split("\\s+").length);
        }
        if (token.length() > MAX_DIGITS) {
            throw new TraceFormatException(file, lineNo, "time '" + token + "' is too large");
        }
        long v = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new TraceFormatException(file, lineNo, "'" + token + "' is not a non-negative integer (ms)");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
