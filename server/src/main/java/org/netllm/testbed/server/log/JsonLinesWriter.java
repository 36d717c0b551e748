package org.netllm.testbed.server.log;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON document per line. Every line goes to the OS in one write before
 * {@link #append} returns, so a crash of the server loses at most the line in flight.
 * Not thread-safe: the session's serial order is the only writer.
 */
public final class JsonLinesWriter implements Closeable {

    /** The line buffer is reused: the writer must not close it after each value. */
    private static final ObjectWriter WRITER = new ObjectMapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final byte NEWLINE = '\n';
    /** Chunk records serialise to ~400 bytes; the buffer grows if a line needs more. */
    private static final int INITIAL_LINE_BYTES = 1024;

    private final Path file;
    private final FileChannel channel;
    private final LineBuffer line = new LineBuffer();

    public JsonLinesWriter(Path file) {
        this.file = file;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public void append(Object value) {
        try {
            line.reset();
            WRITER.writeValue(line, value);
            line.write(NEWLINE);
            ByteBuffer buf = line.view();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to log " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close log " + file, e);
        }
    }

    /** A reusable byte buffer whose content is written to the channel without copying. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(INITIAL_LINE_BYTES);
        }

        ByteBuffer view() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}
