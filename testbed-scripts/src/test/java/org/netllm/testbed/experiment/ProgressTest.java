package org.netllm.testbed.experiment;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void linesCarryCountsFailuresAndEta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), false, 4);
        assertTrue(p.render().contains("0/4") && p.render().contains("ETA ?"), p.render());
        p.finished("bba/fcc-real/t/r0", true, null);
        p.finished("bba/fcc-real/u/r0", false, "stall");
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[###############...............] 2/4 (1 failed)"), out);
        assertTrue(out.contains("FAILED bba/fcc-real/u/r0 (stall)"), out);
        assertTrue(out.matches("(?s).*ETA \\d+:\\d\\d:\\d\\d.*"), out);
    }

    @Test
    void terminalModeRedrawsOneLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), true, 1);
        p.finished("k", true, null);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r[") && out.endsWith(System.lineSeparator()), out);
    }
}
