package org.netllm.testbed.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Durable result files: a power cut or a SIGKILL of the runner must leave either the old file or the
 * complete new one, never an empty or half-written file under the final name. Content is written to a
 * sibling temp file, forced to disk, renamed atomically over the target, and the folder is forced so
 * the rename itself survives a crash (the usual write–fsync–rename–fsync(dir) sequence).
 */
public final class Durable {

    private static final String TMP_SUFFIX = ".tmp";

    private Durable() {
    }

    /** Writes {@code bytes} to {@code target} through temp file + fsync + atomic rename + fsync of the folder. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        uninterruptibly(() -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        });
    }

    /** Appends {@code bytes} to {@code file} (created if absent) and forces them to disk. */
    public static void append(Path file, byte[] bytes) throws IOException {
        uninterruptibly(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        });
    }

    /** Forces an existing file's content to disk. */
    public static void sync(Path file) throws IOException {
        uninterruptibly(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        });
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /**
     * File channels are interruptible: an interrupted thread's write fails with ClosedByInterruptException
     * and closes the channel. The writes that matter most happen on interrupted threads — an attempt cut
     * short by shutdown records itself — so the interrupt is held back during the write and restored after.
     */
    private static void uninterruptibly(IoAction action) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            action.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Copies {@code source} to {@code target} durably (same guarantees as {@link #write}). */
    public static void copy(Path source, Path target) throws IOException {
        write(target, Files.readAllBytes(source));
    }

    /** Forces a folder's entries (renames, new files) to disk; a no-op where the platform cannot open folders. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // Windows cannot open a folder as a channel; Linux (the supported platform) can
        }
    }
}
