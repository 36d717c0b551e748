package org.netllm.testbed.experiment;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One runner per experiment folder. Two runners resuming the same folder would run the same pending
 * sessions twice and interleave their result files, so the second is refused. The lock is an OS file
 * lock on {@code OUT/.runner.lock}: the kernel releases it when the holder dies, even by SIGKILL, so a
 * crashed runner never blocks the resume. The file's text (pid) is only for the error message.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = ".runner.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder's lock or fails naming the process that holds it. */
    public static RunLock acquire(Path experimentDir) throws IOException {
        Files.createDirectories(experimentDir);
        Path file = experimentDir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;   // held by this JVM (another runner object on the same folder)
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            ch.close();
            throw new IllegalStateException("another runner is using " + experimentDir + " (" + (holder.isEmpty() ? "lock " + file
                    : holder) + "); wait for it to finish or stop it — two runners on one folder would run the same sessions twice");
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        return new RunLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
