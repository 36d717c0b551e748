package org.netllm.testbed.traces;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One file of a {@link TraceSet} with its (detected or declared) format.
 *
 * @param path   the file
 * @param format how to read it
 */
public record TraceFile(Path path, TraceFormat format) {

    public String name() {
        return TraceLines.nameOf(path);
    }

    /** Reads a cooked file; a Mahimahi file is an error naming the file. */
    public CookedTrace readCooked() throws IOException {
        requireFormat(TraceFormat.COOKED);
        return CookedTraceIO.read(path);
    }

    /** Reads a Mahimahi file; a cooked file is an error naming the file. */
    public MahimahiTrace readMahimahi() throws IOException {
        requireFormat(TraceFormat.MAHIMAHI);
        return MahimahiTraceIO.read(path);
    }

    /** Summary statistics in either format. */
    public TraceStats stats() throws IOException {
        return format == TraceFormat.COOKED ? TraceStats.of(readCooked()) : TraceStats.of(readMahimahi());
    }

    private void requireFormat(TraceFormat wanted) throws TraceFormatException {
        if (format != wanted) {
            throw new TraceFormatException(path, 0, "is a " + format + " trace, expected " + wanted);
        }
    }
}
