package org.netllm.testbed.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.AbrTask;
import org.netllm.testbed.server.http.TestbedServer;

/**
 * Issue 11: every session parsed its own copy of the trace (400 sessions on a 90k-line trace: 262 MB → 2.66 GB).
 * Sessions created over HTTP on one trace now share one parsed copy; an edited file is read again.
 */
class TraceSharingTest {

    @TempDir
    Path tmp;

    @Test
    void sessionsOnOneTraceShareOneParsedCopy() throws Exception {
        Path content = tmp.resolve("content");
        TestContent.write(content, ServerFixture.VIDEO, 2, 1000);
        Path trace = tmp.resolve("traces/set-a/const");
        Files.createDirectories(trace.getParent());
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            lines.append(i).append('\n');
        }
        Files.writeString(trace, lines);
        ServerConfig cfg = ServerConfig.defaults(content, tmp.resolve("results"), tmp.resolve("traces")).withPort(0);
        NetemLinks links = new NetemLinks();
        AbrTask abr = new AbrTask(cfg, StandardAlgorithms.baselines(), ContentVideoLibrary.dashContent(content), links);
        try (ServerFixture f = ServerFixture.around(tmp, new TestbedServer(cfg, List.of(abr), Optional.empty()).start(),
                abr)) {
            for (int i = 0; i < 40; i++) {
                f.createSession("bba");
            }
            assertEquals(40, abr.registry().activeCount());
            assertEquals(1, links.cachedTraces(), "one parsed copy for 40 sessions");
        }
        var first = links.prepared(trace);
        assertSame(first, links.prepared(trace));
        Files.writeString(trace, "1\n2\n");
        Files.setLastModifiedTime(trace, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertNotSame(first, links.prepared(trace), "an edited trace is read again");
        assertEquals(2, links.prepared(trace).trace().deliveryMs().length);
    }
}
