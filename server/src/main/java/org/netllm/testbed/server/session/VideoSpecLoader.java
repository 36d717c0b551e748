package org.netllm.testbed.server.session;

import java.io.IOException;
import java.nio.file.Path;
import org.netllm.testbed.abr.video.VideoSpec;

/** Derives a {@link VideoSpec} from one video folder (the content package's {@code DashContent.load}). */
@FunctionalInterface
public interface VideoSpecLoader {
    VideoSpec load(Path videoDir) throws IOException;
}
