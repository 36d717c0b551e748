package org.netllm.testbed.experiment;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Runs one session to the end and leaves a complete result folder (run.json last), or throws.
 * The browser implementation drives Chromium; tests use a local executor that writes files.
 */
@FunctionalInterface
public interface SessionExecutor extends AutoCloseable {

    /**
     * @param spec   what to play
     * @param outDir the session's result folder (created, may hold leftovers of a failed attempt)
     * @throws Exception any failure; the runner retries a bounded number of times
     */
    void execute(SessionSpec spec, Path outDir) throws Exception;

    /**
     * The same, with a hint from the runner: {@code anotherFollows} says (when asked) whether sessions are still
     * waiting for a slot, so an executor may prepare the next one (e.g. start its browser) while this one finishes.
     */
    default void execute(SessionSpec spec, Path outDir, BooleanSupplier anotherFollows) throws Exception {
        execute(spec, outDir);
    }

    /** Releases what the executor holds across sessions (e.g. prestarted browsers); nothing by default. */
    @Override
    default void close() {
    }
}
