package org.netllm.testbed.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 "decisions as transactions": a write that fails part-way (disk full) used to leave half a record in
 * chunks.jsonl, and the retried record was glued onto it (one invalid JSONL line). Now the failed line is cut off
 * and the retry writes a clean line.
 */
class JsonLinesWriterTest {

    @TempDir
    Path dir;

    @Test
    void aWriteFailingHalfwayLeavesNoFragmentAndTheRetryIsOneCleanLine() throws IOException {
        Path file = dir.resolve("chunks.jsonl");
        AtomicInteger failuresLeft = new AtomicInteger(0);
        JsonLinesWriter w = new JsonLinesWriter(file, f -> new HalfWriteChannel(FileChannel.open(f,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), failuresLeft));
        w.append(Map.of("chunk", 0, "rebufferS", 0.0));
        failuresLeft.set(1);
        assertThrows(UncheckedIOException.class, () -> w.append(Map.of("chunk", 1, "rebufferS", 3.0)));
        w.append(Map.of("chunk", 1, "rebufferS", 3.0)); // the client's retry
        w.append(Map.of("chunk", 2, "rebufferS", 0.0));
        w.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i, json.readTree(lines.get(i)).get("chunk").asInt(), "line " + i + ": " + lines.get(i));
        }
        assertEquals(3.0, json.readTree(lines.get(1)).get("rebufferS").asDouble());
    }

    @Test
    void aFailedOpenWritesNothingAndALaterAppendOpensAgain() throws IOException {
        Path file = dir.resolve("missing-dir/chunks.jsonl");
        JsonLinesWriter w = new JsonLinesWriter(file);
        assertThrows(UncheckedIOException.class, () -> w.append(Map.of("a", 1)));
        assertFalse(Files.exists(file));
        Files.createDirectories(file.getParent());
        w.append(Map.of("a", 2));
        w.close();
        assertEquals(List.of("{\"a\":2}"), Files.readAllLines(file));
    }

    /** Writes half of the buffer, then fails, while {@code failuresLeft} > 0 (a disk filling mid-line). */
    private static final class HalfWriteChannel extends FileChannel {
        private final FileChannel real;
        private final AtomicInteger failuresLeft;

        HalfWriteChannel(FileChannel real, AtomicInteger failuresLeft) {
            this.real = real;
            this.failuresLeft = failuresLeft;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (failuresLeft.get() > 0) {
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + src.remaining() / 2);
                int n = real.write(half);
                src.position(src.position() + n);
                failuresLeft.decrementAndGet();
                throw new IOException("No space left on device");
            }
            return real.write(src);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
