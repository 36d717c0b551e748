package org.netllm.testbed.traces;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads and writes cooked traces: {@code time_s<TAB>Mbps} per line (docs/reference/data.md §1.1,
 * docs/reference/abr.md §2.2). Any whitespace separates the columns; CRLF and a first time of 1.0 (the
 * {@code synthetic-test} set) are accepted. Times must strictly increase, rates be finite and
 * non-negative.
 */
public final class CookedTraceIO {

    /** Plain decimal or scientific notation; rejects Java-only forms such as "1d", "NaN", "0x1p3". */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int COLUMNS = 2;

    private CookedTraceIO() {
    }

    public static CookedTrace read(Path file) throws IOException {
        DoubleList times = new DoubleList();
        DoubleList rates = new DoubleList();
        TraceLines.forEach(file, (line, lineNo) -> {
            String[] cols = line.split("\\s+");
            if (cols.length != COLUMNS) {
                throw new TraceFormatException(file, lineNo,
                        "expected 2 columns (time_s Mbps), found " + cols.length);
            }
            double t = number(file, lineNo, cols[0], "time");
            double r = number(file, lineNo, cols[1], "throughput");
            if (t < 0) {
                throw new TraceFormatException(file, lineNo, "negative time " + cols[0]);
            }
            if (r < 0) {
                throw new TraceFormatException(file, lineNo, "negative throughput " + cols[1] + " Mbps");
            }
            if (times.size() > 0 && t <= times.last()) {
                throw new TraceFormatException(file, lineNo, "time " + cols[0]
                        + " is not after the previous time " + times.last());
            }
            times.add(t);
            rates.add(r);
        });
        if (times.size() < 2) {
            throw new TraceFormatException(file, 0, "a cooked trace needs at least 2 samples, found " + times.size());
        }
        return new CookedTrace(TraceLines.nameOf(file), times.toArray(), rates.toArray());
    }

    /** Writes {@code time<TAB>Mbps\n} lines in plain decimal notation (no exponent). */
    public static void write(CookedTrace trace, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < trace.size(); i++) {
                out.write(plain(trace.timesS()[i]));
                out.write('\t');
                out.write(plain(trace.mbps()[i]));
                out.write('\n');
            }
        }
    }

    /** Shortest round-tripping decimal without exponent, always with a fraction ("12.0", "0.00001"). */
    static String plain(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.indexOf('.') >= 0 ? s : s + ".0";
    }

    private static double number(Path file, int lineNo, String token, String what) throws TraceFormatException {
        if (!DECIMAL.matcher(token).matches()) {
            throw new TraceFormatException(file, lineNo, what + " '" + token + "' is not a decimal number");
        }
        double v = Double.parseDouble(token);
        if (!Double.isFinite(v)) {
            throw new TraceFormatException(file, lineNo, what + " '" + token + "' is not finite");
        }
        return v;
    }
}
