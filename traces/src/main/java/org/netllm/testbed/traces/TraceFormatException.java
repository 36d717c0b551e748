package org.netllm.testbed.traces;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace file (or pointer file) that does not follow its format. The message always names the
 * file and, where the problem sits on one line, the 1-based line number.
 */
public final class TraceFormatException extends IOException {

    private final Path file;
    private final int line;

    /**
     * @param file    the offending file
     * @param line    1-based line number, or 0 when the problem concerns the whole file
     * @param problem what is wrong, e.g. "time 3.0 is not after the previous time 4.0"
     */
    public TraceFormatException(Path file, int line, String problem) {
        super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 for a whole-file problem (e.g. an empty file). */
    public int line() {
        return line;
    }
}
