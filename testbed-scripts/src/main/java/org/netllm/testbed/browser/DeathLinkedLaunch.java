package org.netllm.testbed.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes local chromedriver and Chromium die with the JVM that started them, even when that JVM is
 * killed by SIGKILL (no shutdown hook runs then). Each binary is started through a wrapper that execs
 * it under util-linux {@code setpriv --pdeathsig KILL}: Linux sends the child SIGKILL when its parent
 * dies (prctl(2) PR_SET_PDEATHSIG, kept across a plain execve). The chain is JVM → chromedriver →
 * Chromium; Chromium's own helpers (zygote, renderers, GPU) exit when their browser process goes.
 *
 * <p>PR_SET_PDEATHSIG fires when the parent <em>thread</em> ends, not only the process, so every driver
 * is started from one launcher thread that lives as long as the JVM — never from a session's pool thread,
 * whose end would kill a browser still in use. That thread is why this is one per JVM.
 */
final class DeathLinkedLaunch {

    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** The one thread that forks every local driver (see class comment). */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "testbed-browser-launcher");
        t.setDaemon(true);
        return t;
    });

    private DeathLinkedLaunch() {
    }

    /** Runs {@code start} (which forks a driver) on the launcher thread and returns its result. */
    static <T> T onLauncherThread(Callable<T> start) throws IOException {
        Future<T> f = LAUNCHER.submit(start);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the browser", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * Writes {@code dir/name}: a shell script that execs {@code binary} with its arguments under
     * {@code setpriv --pdeathsig KILL}.
     */
    static Path wrapper(Path dir, String name, Path binary) throws IOException {
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException(SETPRIV + " is missing (Debian/Ubuntu package util-linux): without it a killed "
                    + "runner would leave its browsers running");
        }
        Path script = dir.resolve(name);
        String text = "#!/bin/sh\n# written by the testbed: " + binary.getFileName() + " dies with its parent (DeathLinkedLaunch)\n"
                + "exec " + SETPRIV + " --pdeathsig KILL -- " + quote(binary.toAbsolutePath().toString()) + " \"$@\"\n";
        Files.writeString(script, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
