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
 *
 * <p>An append is all or nothing: if the write fails part-way (disk full, I/O error), the file is truncated back
 * to its length before the line, so a retried record never glues onto a fragment of the failed one; the channel
 * is reopened on the next append. If even the truncation fails the writer refuses every further line (the file's
 * end is unknown) rather than corrupt it. The file is opened on the first append, so a session that never
 * records a chunk holds no file handle. Not thread-safe: the session's serial order is the only writer.
 */
public final class JsonLinesWriter implements Closeable {

    /** The line buffer is reused: the writer must not close it after each value. */
    private static final ObjectWriter WRITER = new ObjectMapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final byte NEWLINE = '\n';
    /** Chunk records serialise to ~400 bytes; the buffer grows if a line needs more. */
    private static final int INITIAL_LINE_BYTES = 1024;

    /** Opens the file for appending (a seam for tests that inject a failing channel). */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private final Path file;
    private final Opener opener;
    private final LineBuffer line = new LineBuffer();
    private FileChannel channel;
    private String broken;
    private boolean closed;

    public JsonLinesWriter(Path file) {
        this(file, f -> FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    JsonLinesWriter(Path file, Opener opener) {
        this.file = file;
        this.opener = opener;
    }

    public Path file() {
        return file;
    }

    /** Writes {@code value} as one line, or throws having written nothing. */
    public void append(Object value) {
        if (closed) {
            throw new IllegalStateException("log " + file + " is closed");
        }
        if (broken != null) {
            throw new UncheckedIOException(new IOException("log " + file + " refuses further lines: " + broken));
        }
        try {
            line.reset();
            WRITER.writeValue(line, value);
            line.write(NEWLINE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise a line for " + file, e);
        }
        long before = -1;
        try {
            if (channel == null) {
                channel = opener.open(file);
            }
            before = channel.size();
            ByteBuffer buf = line.view();
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            rollBack(before, e);
            throw new UncheckedIOException("cannot append to log " + file + " (nothing written): " + e.getMessage(), e);
        }
    }

    /** Cuts a partial line off and drops the channel (reopened by the next append). */
    private void rollBack(long before, IOException cause) {
        if (channel == null) {
            return; // the open itself failed
        }
        try {
            if (before >= 0 && channel.size() > before) {
                channel.truncate(before);
            }
        } catch (IOException e) {
            broken = "a failed write left a partial line that could not be removed (" + e.getMessage() + ")";
            cause.addSuppressed(e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        channel = null;
    }

    @Override
    public void close() {
        closed = true;
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close log " + file, e);
        } finally {
            channel = null;
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
