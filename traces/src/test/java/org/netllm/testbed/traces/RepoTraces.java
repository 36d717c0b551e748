package org.netllm.testbed.traces;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the trace data committed under {@code traces/} of the repository. */
final class RepoTraces {

    private RepoTraces() {
    }

    static Path root() {
        String root = System.getProperty("testbed.root");
        if (root == null) {
            throw new IllegalStateException("system property testbed.root is not set (surefire sets it)");
        }
        Path traces = Path.of(root, "traces");
        if (!Files.isDirectory(traces.resolve("fcc"))) {
            throw new IllegalStateException("no trace data under " + traces);
        }
        return traces;
    }

    static Path set(String name) {
        return root().resolve(name);
    }
}
