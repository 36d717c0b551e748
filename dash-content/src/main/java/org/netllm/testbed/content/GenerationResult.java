package org.netllm.testbed.content;

import java.nio.file.Path;
import java.time.Duration;

/** Outcome of {@link VideoGenerator#generate}: where, what, and whether the cache was used. */
public record GenerationResult(Path dir, ContentInfo info, boolean cached, Duration took) {
}
