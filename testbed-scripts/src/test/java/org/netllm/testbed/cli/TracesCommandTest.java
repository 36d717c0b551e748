package org.netllm.testbed.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.traces.MahimahiTraceIO;
import picocli.CommandLine;

class TracesCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static Path repoTraces() {
        return Path.of(System.getProperty("testbed.root"), "traces");
    }

    @Test
    void infoPrintsManifestLikeRows() {
        assertEquals(0, run("traces", "info", repoTraces().resolve("fcc/test").toString()));
        String[] lines = out.toString().split("\n");
        assertEquals(101, lines.length);
        // manifest.csv: 000_trace_942154_http---www.ebay.com_0, 63 lines, 310 s
        assertTrue(lines[1].startsWith("000_trace_942154_http---www.ebay.com_0\tcooked\t63\t310.000\t"), lines[1]);
    }

    @Test
    void convertReproducesGenetsMahimahiFile() throws Exception {
        String name = "test_fcc_trace_10652_http---www.amazon.com_0_0";
        Path target = dir.resolve("mm");
        assertEquals(0, run("traces", "convert", "--to", "mahimahi",
                repoTraces().resolve("fcc/valid").resolve(name).toString(), target.toString()));
        assertArrayEquals(Files.readAllBytes(repoTraces().resolve("fcc-real").resolve(name)), Files.readAllBytes(target));
        // converting again onto the same file is refused
        assertEquals(2, run("traces", "convert", "--to", "mahimahi",
                repoTraces().resolve("fcc/valid").resolve(name).toString(), target.toString()));
        assertTrue(err.toString().contains("exists"), err.toString());
        assertEquals(0, run("traces", "convert", "--to", "cooked", target.toString(), dir.resolve("c").toString()));
        assertTrue(Files.readString(dir.resolve("c")).startsWith("0.0\t"));
        assertEquals(65696, MahimahiTraceIO.read(target).deliveryMs().length);
    }

    @Test
    void synthIsReproducible() throws Exception {
        assertEquals(0, run("traces", "synth", "--count", "2", "--duration", "60", "--seed", "5",
                "--out", dir.resolve("a").toString()));
        assertEquals(0, run("traces", "synth", "--count", "2", "--duration", "60", "--seed", "5",
                "--out", dir.resolve("b").toString()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/synth_0001")), Files.readAllBytes(dir.resolve("b/synth_0001")));
    }

    @Test
    void badInputEndsWithOneClearLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "0\t1\n1\tx\n");
        assertEquals(2, run("traces", "info", bad.toString()));
        assertTrue(err.toString().startsWith("error: " + bad + ":2: throughput 'x'"), err.toString());
        assertEquals(2, run("traces", "convert", "--to", "foo", "a", "b"));
        assertTrue(err.toString().contains("not a trace format"), err.toString());
    }
}
