package org.netllm.testbed.server.session;

import java.io.IOException;
import java.nio.file.Path;
import org.netllm.testbed.netem.LinkEmulator;
import org.netllm.testbed.netem.TraceDrivenLink;
import org.netllm.testbed.netem.UnlimitedLink;
import org.netllm.testbed.server.config.LinkSpec;
import org.netllm.testbed.traces.TraceFile;
import org.netllm.testbed.traces.TraceFormat;

/**
 * The production {@link LinkFactory}: {@code builtin} replays the session's trace with Mahimahi
 * semantics (cooked files are converted as GENET did), trace time 0 = session creation, as a fresh
 * mm-link shell per trace starts its trace with the session (abr-reference §8.1); {@code none} only
 * adds the configured delay.
 */
public final class NetemLinks implements LinkFactory {

    @Override
    public LinkEmulator create(LinkSpec spec, Path traceFile) throws IOException {
        return switch (spec.mode()) {
            case NONE -> new UnlimitedLink(spec.delayMs());
            case BUILTIN -> {
                TraceFile file = new TraceFile(traceFile, TraceFormat.detect(traceFile));
                long origin = System.nanoTime();
                yield file.format() == TraceFormat.MAHIMAHI
                        ? new TraceDrivenLink(file.readMahimahi(), spec.delayMs(), origin)
                        : TraceDrivenLink.fromCooked(file.readCooked(), spec.delayMs(), origin);
            }
        };
    }
}
