package org.netllm.testbed.traces;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The two on-disk trace formats (docs/reference/data.md §1.1). */
public enum TraceFormat {
    /** {@code time_s <whitespace> Mbps} per line: the simulators' input (docs/reference/abr.md §2.2). */
    COOKED,
    /** One non-negative integer millisecond per line: mm-link's delivery opportunities (docs/reference/abr.md §2.3). */
    MAHIMAHI;

    /**
     * Detects the format from the first non-blank line: one token means Mahimahi, two tokens mean
     * cooked. Anything else is a format error naming the file and line.
     */
    public static TraceFormat detect(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                int tokens = trimmed.split("\\s+").length;
                if (tokens == 1) {
                    return MAHIMAHI;
                }
                if (tokens == 2) {
                    return COOKED;
                }
                throw new TraceFormatException(file, lineNo, "cannot detect the trace format: expected 1 column"
                        + " (Mahimahi ms) or 2 columns (cooked time_s Mbps), found " + tokens);
            }
        }
        throw new TraceFormatException(file, 0, "file is empty");
    }
}
