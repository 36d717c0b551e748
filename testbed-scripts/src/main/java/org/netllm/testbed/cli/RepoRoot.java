package org.netllm.testbed.cli;

import java.nio.file.Path;

/** The repository root: ./testbed passes it as -Dtestbed.root; otherwise the working directory. */
final class RepoRoot {

    static final String PROPERTY = "testbed.root";

    private RepoRoot() {
    }

    static Path get() {
        String p = System.getProperty(PROPERTY);
        return (p == null ? Path.of("") : Path.of(p)).toAbsolutePath().normalize();
    }

    /** Resolves a user path against the working directory (as a shell user expects). */
    static Path userPath(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
