package org.netllm.testbed.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Folders that per-class integration tests create themselves (shared by @BeforeAll set-ups, so not @TempDir). */
public final class TempTrees {

    private TempTrees() {
    }

    /** Deletes {@code root} and everything below it; null or missing is a no-op. */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
