package org.netllm.testbed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    private record Run(int rc, String out, String err) {
    }

    /** Runs the real CLI; the benchmarks print their table on System.out. */
    private static synchronized Run run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int rc = cli.execute(args);
            return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void decisionsIsABenchSubcommandOverTheBuiltInVideo() {
        Run r = run("bench", "decisions", "--algorithms", "bba,robustmpc,robustmpc-netllm-sim",
                "--chunks", "12", "--warmup", "3", "--sessions", "3");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().startsWith("decision latency, "), r.out());
        for (String name : new String[] {"bba", "robustmpc", "robustmpc-netllm-sim"}) {
            // one decision per recorded chunk × 3 timed sessions
            assertTrue(r.out().lines().anyMatch(l -> l.matches(name + "\\s+36\\s+.*")), r.out());
        }
    }

    /** {@code vp bench --cpu}: the embedded NetLLM-VP on the plain-Java engine, three parts, each a positive time. */
    @Test
    void vpBenchCpuSplitsOneCallIntoGenerationServiceAndJson() {
        Run r = run("vp", "bench", "--cpu", "--requests", "12", "--warmup", "4");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.out().contains("on PLAIN_JAVA_WHEN_SMALL, hw 10, pw 20, 4 warm-up + 12 timed calls"), r.out());
        for (String part : new String[] {"generation", "service.predict", "JSON"}) {
            String line = r.out().lines().filter(l -> l.startsWith(part)).findFirst().orElseThrow(() -> new AssertionError(r.out()));
            String[] f = line.trim().split("\\s+");
            double p50 = Double.parseDouble(f[f.length - 2]);
            double p99 = Double.parseDouble(f[f.length - 1]);
            assertTrue(p50 > 0 && p99 >= p50, line);
        }
    }

    /**
     * {@code vp bench} over HTTP (in-process server): warm-up runs until the request rate is stable (at least
     * StableWarmup's minimum), then one row per client count with p50 ≤ p99 ≤ max.
     */
    @Test
    void vpBenchWarmsUpUntilStableAndPrintsARowPerClientCount() {
        Run r = run("vp", "bench", "--method", "repeat", "--clients", "1,2", "--requests", "20", "--warmup", "5");
        assertEquals(0, r.rc(), r.err());
        java.util.regex.Matcher w = java.util.regex.Pattern.compile("5 warm-up requests \\+ warm-up ([0-9.]+) s, (\\d+) windows, ")
                .matcher(r.out());
        assertTrue(w.find(), r.out());
        assertTrue(Double.parseDouble(w.group(1)) >= StableWarmup.DEFAULT.minSeconds(), r.out());
        assertTrue(Integer.parseInt(w.group(2)) >= StableWarmup.DEFAULT.windows(), r.out());
        for (int clients : new int[] {1, 2}) {
            String line = r.out().lines().filter(l -> l.trim().startsWith(clients + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(r.out()));
            String[] f = line.trim().split("\\s+");
            double p50 = Double.parseDouble(f[1]);
            double p99 = Double.parseDouble(f[2]);
            double max = Double.parseDouble(f[3]);
            assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, line);
        }
    }

    @Test
    void theOldTopLevelNameAndBadInputsAreErrors() {
        assertEquals(2, run("bench-decisions").rc());
        Run badVideo = run("bench", "decisions", "--video", "no-such-video", "--sessions", "1", "--warmup", "0");
        assertEquals(2, badVideo.rc());
        assertTrue(badVideo.err().contains("no-such-video"), badVideo.err());
        Run badAlgo = run("bench", "decisions", "--algorithms", "nope");
        assertEquals(2, badAlgo.rc());
        assertTrue(badAlgo.err().contains("robustmpc-netllm-sim"), badAlgo.err());
    }
}
