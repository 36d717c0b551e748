package org.netllm.testbed.server.session;

import java.io.IOException;
import java.nio.file.Path;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.server.config.LinkSpec;

/**
 * Builds one session's emulated link. Production: netem's {@code TraceDrivenLink} for
 * {@code builtin} and {@code UnlimitedLink} for {@code none}; a seam so the server does not depend
 * on how traces are read.
 */
@FunctionalInterface
public interface LinkFactory {

    /**
     * @param spec      mode and delay
     * @param traceFile the trace to replay (null when the session has none; builtin mode always has one)
     * @throws IOException or IllegalArgumentException naming the file when the trace cannot be used
     */
    LinkEmulator create(LinkSpec spec, Path traceFile) throws IOException;
}
