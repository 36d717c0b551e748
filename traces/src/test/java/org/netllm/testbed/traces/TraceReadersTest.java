package org.netllm.testbed.traces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReadersTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void cookedAcceptsTabsSpacesCrlfLateStartAndTrailingBlankLines() throws IOException {
        CookedTrace t = CookedTraceIO.read(file("c", "1.0\t3.22\r\n2.0   3.28\r\n3.0 \t 3.19\r\n\r\n\n"));
        assertEquals("c", t.name());
        assertArrayEquals(new double[] {1.0, 2.0, 3.0}, t.timesS());
        assertArrayEquals(new double[] {3.22, 3.28, 3.19}, t.mbps());
    }

    @Test
    void mahimahiAcceptsSingleValueWithoutNewline() throws IOException {
        MahimahiTrace t = MahimahiTraceIO.read(file("12mbps", "1"));
        assertArrayEquals(new long[] {1}, t.deliveryMs());
        assertEquals(12.0, t.meanMbps(), 1e-12);
    }

    @Test
    void mahimahiKeepsRepeatedMilliseconds() throws IOException {
        MahimahiTrace t = MahimahiTraceIO.read(file("m", "0\n3\n3\n3\n7\n"));
        assertArrayEquals(new long[] {0, 3, 3, 3, 7}, t.deliveryMs());
        assertEquals(7, t.periodMs());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "non-number      | 0.0\t1.0\\n1.0\tabc\\n            | 2 | 'abc' is not a decimal number",
        "NaN             | 0.0\t1.0\\n1.0\tNaN\\n            | 2 | 'NaN' is not a decimal number",
        "java suffix     | 0.0\t1.0\\n1.0\t2d\\n             | 2 | '2d' is not a decimal number",
        "negative rate   | 0.0\t1.0\\n1.0\t-2\\n             | 2 | negative throughput",
        "negative time   | -1.0\t1.0\\n1.0\t2\\n             | 1 | negative time",
        "decreasing time | 0.0\t1\\n2.0\t1\\n1.5\t1\\n       | 3 | is not after the previous time",
        "repeated time   | 0.0\t1\\n2.0\t1\\n2.0\t1\\n       | 3 | is not after the previous time",
        "three columns   | 0.0\t1\\n1.0\t1\t7\\n             | 2 | expected 2 columns",
        "one column      | 0.0\t1\\n1.0\\n                   | 2 | expected 2 columns",
        "inner blank     | 0.0\t1\\n\\n1.0\t1\\n             | 2 | blank line inside",
        "one sample      | 0.0\t1\\n                         | 0 | at least 2 samples",
        "empty           | ''                                | 0 | file is empty",
        "only blanks     | \\n\\n                            | 0 | file is empty",
    })
    void cookedErrorsNameFileAndLine(String what, String content, int line, String problem) throws IOException {
        Path p = file("bad", content.replace("\\n", "\n").replace("\\t", "\t"));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> CookedTraceIO.read(p));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p + (line > 0 ? ":" + line + ": " : ": ")), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "non-number | 0\\n1\\nx\\n      | 3 | 'x' is not a non-negative integer",
        "fraction   | 0\\n1.5\\n         | 2 | '1.5' is not a non-negative integer",
        "plus sign  | 0\\n+1\\n          | 2 | '+1' is not a non-negative integer",
        "negative   | 0\\n-1\\n          | 2 | negative time",
        "decreasing | 0\\n5\\n4\\n       | 3 | decreases",
        "2 columns  | 0\\n5 6\\n         | 2 | expected 1 column",
        "inner blank| 0\\n\\n5\\n        | 2 | blank line inside",
        "empty      | ''                 | 0 | file is empty",
        "all zero   | 0\\n0\\n           | 0 | positive last timestamp",
    })
    void mahimahiErrorsNameFileAndLine(String what, String content, int line, String problem) throws IOException {
        Path p = file("bad", content.replace("\\n", "\n"));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> MahimahiTraceIO.read(p));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void detectsFormatFromFirstDataLine() throws IOException {
        assertEquals(TraceFormat.MAHIMAHI, TraceFormat.detect(file("m", "\n0\n1\n")));
        assertEquals(TraceFormat.COOKED, TraceFormat.detect(file("c", "0.0 1.0\n")));
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> TraceFormat.detect(file("x", "1 2 3\n")));
        assertEquals(1, e.line());
        assertThrows(TraceFormatException.class, () -> TraceFormat.detect(file("e", "")));
    }

    @Test
    void writersProduceWhatReadersRead() throws IOException {
        CookedTrace c = new CookedTrace("c", new double[] {0.0, 1.0, 2.5}, new double[] {0.72, 1e-5, 12.0});
        Path cp = dir.resolve("c");
        CookedTraceIO.write(c, cp);
        assertEquals("0.0\t0.72\n1.0\t0.00001\n2.5\t12.0\n", Files.readString(cp));
        assertEquals(c, CookedTraceIO.read(cp));

        MahimahiTrace m = new MahimahiTrace("m", new long[] {0, 1, 1, 5});
        Path mp = dir.resolve("m");
        MahimahiTraceIO.write(m, mp);
        assertEquals("0\n1\n1\n5\n", Files.readString(mp));
        assertEquals(m, MahimahiTraceIO.read(mp));
    }
}
