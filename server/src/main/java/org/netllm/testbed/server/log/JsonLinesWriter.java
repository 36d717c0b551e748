package org.netllm.testbed.server.log;

import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte NEWLINE = '\n';

    private final Path file;
    private final FileChannel channel;

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
            byte[] json = MAPPER.writeValueAsBytes(value);
            ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put(NEWLINE);
            buf.flip();
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
}
