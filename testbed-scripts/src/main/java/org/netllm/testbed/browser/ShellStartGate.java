package org.netllm.testbed.browser;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lets one Mahimahi shell start at a time on this machine. Each nested shell (mm-delay, mm-loss,
 * mm-link) picks a free private address pair for its veth link while it starts; two shells starting at
 * once can pick the same pair, and the loser dies with "packetshell exited with failure status 1". So a
 * shell's start-up — from its launch until its inner command runs, which is when every nested shell is
 * up — holds a machine-wide lock: a file lock in the temp folder (other JVMs, other runners) taken under
 * an in-JVM lock (a JVM cannot hold two locks on one file). Sessions still run in parallel; only their
 * start-ups are serialised (a fraction of a second each).
 */
final class ShellStartGate {

    static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "testbed-mahimahi-start.lock");
    /** Upper bound on one shell's start-up; after this the next start proceeds (the slow shell fails on its own). */
    static final long START_TIMEOUT_MS = 60_000;
    private static final long POLL_MS = 20;
    /** One per JVM: the resource it guards (Mahimahi's address choice) is machine-wide. */
    private static final ReentrantLock IN_JVM = new ReentrantLock();

    private ShellStartGate() {
    }

    /** A shell being started. */
    interface Start {
        /** Launches the shell. */
        Process launch() throws IOException;
    }

    /**
     * Launches the shell with the gate held and releases it when {@code up} says the inner command runs, the
     * shell has exited, or {@link #START_TIMEOUT_MS} passed.
     */
    static Process start(Start start, BooleanSupplier up) throws IOException, InterruptedException {
        IN_JVM.lockInterruptibly();
        try (FileChannel ch = open(); FileLock ignored = ch.lock()) {
            Process p = start.launch();
            long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (p.isAlive() && !up.getAsBoolean() && System.currentTimeMillis() < deadline) {
                Thread.sleep(POLL_MS);
            }
            return p;
        } finally {
            IN_JVM.unlock();
        }
    }

    private static FileChannel open() throws IOException {
        boolean created = !Files.exists(LOCK_FILE);
        FileChannel ch = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (created) {
            try {
                // runners of other users share the gate
                Files.setPosixFilePermissions(LOCK_FILE, PosixFilePermissions.fromString("rw-rw-rw-"));
            } catch (IOException e) {
                // another user created it first: theirs is shared already
            }
        }
        return ch;
    }
}
