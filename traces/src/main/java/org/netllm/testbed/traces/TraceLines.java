package org.netllm.testbed.traces;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Line iteration shared by the readers: handles LF and CRLF, a missing final newline, and blank
 * lines at the end of the file. A blank line followed by more data is an error, because the
 * simulators would mis-parse it.
 */
final class TraceLines {

    /** Receives each non-blank, stripped line with its 1-based number. */
    @FunctionalInterface
    interface LineConsumer {
        void accept(String stripped, int lineNo) throws TraceFormatException;
    }

    private TraceLines() {
    }

    /** Calls {@code consumer} for every data line; returns how many there were. */
    static int forEach(Path file, LineConsumer consumer) throws IOException {
        int dataLines = 0;
        int pendingBlankLine = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String stripped = line.strip();
                if (stripped.isEmpty()) {
                    if (pendingBlankLine == 0) {
                        pendingBlankLine = lineNo;
                    }
                    continue;
                }
                if (pendingBlankLine != 0) {
                    throw new TraceFormatException(file, pendingBlankLine,
                            "blank line inside the trace (only trailing blank lines are allowed)");
                }
                consumer.accept(stripped, lineNo);
                dataLines++;
            }
        }
        if (dataLines == 0) {
            throw new TraceFormatException(file, 0, "file is empty");
        }
        return dataLines;
    }

    /** File name without directory, used as the trace name. */
    static String nameOf(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
