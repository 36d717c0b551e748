package org.netllm.testbed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CjsCommandTest {

    private record Run(int rc, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(args);
        return new Run(rc, err.toString());
    }

    /** Output schema, and the Fair default-setting seed-2 row of the spec's §1.12 (57.69 s / 3569). */
    @Test
    void evaluateWritesRunsAndSummaries(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cjs.json");
        Run r = run("cjs", "evaluate", "--schedulers", "fifo,fair", "--jobs", "200", "--executors", "50", "--seeds", "2",
                "--offline", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.rc(), r.err());
        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertEquals(2, doc.get("runs").size());
        JsonNode fair = doc.get("runs").get(1);
        assertEquals("fair", fair.get("scheduler").asText());
        assertEquals(200, fair.get("jobs").asInt());
        assertEquals(50, fair.get("executors").asInt());
        assertEquals(2, fair.get("seed").asLong());
        assertEquals(57.69, Math.round(fair.get("avg_jct_s").asDouble() * 100) / 100.0);
        assertEquals(3569, fair.get("decisions").asLong());
        assertTrue(fair.get("p90_jct_s").asDouble() > fair.get("avg_jct_s").asDouble());
        JsonNode s = doc.get("summaries").get(0);
        for (String f : new String[] {"mean_avg_jct_s", "mean_p90_jct_s", "decision_latency_p50_ms",
            "decision_latency_p99_ms", "decisions_per_s"}) {
            assertTrue(s.has(f), f);
        }
    }

    @Test
    void badFlagsAreClearErrors(@TempDir Path dir) {
        String out = dir.resolve("x.json").toString();
        Run unknown = run("cjs", "evaluate", "--schedulers", "fifo,nope", "--out", out);
        assertEquals(2, unknown.rc());
        assertTrue(unknown.err().contains("nope") && unknown.err().contains("netllm"), unknown.err());
        Run tooMany = run("cjs", "evaluate", "--executors", "500", "--out", out);
        assertEquals(2, tooMany.rc());
        assertTrue(tooMany.err().contains("numExecutors"), tooMany.err());
        Run both = run("cjs", "evaluate", "--offline", "--server", "http://127.0.0.1:1", "--out", out);
        assertEquals(2, both.rc());
        assertTrue(both.err().contains("--server"), both.err());
        Run streams = run("cjs", "evaluate", "--streams", "odd", "--out", out);
        assertEquals(2, streams.rc());
        assertTrue(streams.err().contains("--streams"), streams.err());
    }
}
