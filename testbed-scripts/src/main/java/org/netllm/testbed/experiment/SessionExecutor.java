package org.netllm.testbed.experiment;

import java.nio.file.Path;

/**
 * Runs one session to the end and leaves a complete result folder (run.json last), or throws.
 * The browser implementation drives Chromium; tests use a local executor that writes files.
 */
@FunctionalInterface
public interface SessionExecutor {

    /**
     * @param spec   what to play
     * @param outDir the session's result folder (created, may hold leftovers of a failed attempt)
     * @throws Exception any failure; the runner retries a bounded number of times
     */
    void execute(SessionSpec spec, Path outDir) throws Exception;
}
