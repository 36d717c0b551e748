package org.netllm.testbed.experiment;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One cell of the experiment matrix: an algorithm played over one trace, the k-th time.
 *
 * @param algorithm registry name, e.g. "bba"
 * @param traceSet  trace-set folder name, e.g. "fcc-real"
 * @param tracePath trace file relative to the repository root, e.g. "traces/fcc-real/x" (protocol.md §1)
 * @param repeat    0-based repeat index
 */
public record SessionSpec(String algorithm, String traceSet, String tracePath, int repeat) {

    public SessionSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(traceSet, "traceSet");
        Objects.requireNonNull(tracePath, "tracePath");
        if (repeat < 0) {
            throw new IllegalArgumentException("repeat must be >= 0, got " + repeat);
        }
    }

    /** The trace file name (last path element). */
    public String traceName() {
        return Path.of(tracePath).getFileName().toString();
    }

    /** Stable id used in status.jsonl and as the relative result folder: alg/set/trace/r<k>. */
    public String key() {
        return algorithm + "/" + traceSet + "/" + traceName() + "/r" + repeat;
    }

    /** Where this session's results live below an experiment folder. */
    public Path resultDir(Path experimentDir) {
        return experimentDir.resolve("sessions").resolve(algorithm).resolve(traceSet)
                .resolve(traceName()).resolve("r" + repeat);
    }
}
