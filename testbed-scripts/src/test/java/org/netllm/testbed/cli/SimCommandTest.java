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

class SimCommandTest {

    private static final Path ROOT = Path.of(System.getProperty("testbed.root", ".."));

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

    @Test
    void writesSummaryAndConfigForASubsetOfFccTest(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sim.json");
        Run r = run("sim", "--algorithms", "fixed-0,fixed-2", "--traces", ROOT.resolve("traces/fcc/test").toString(),
                "--start-pointers", ROOT.resolve("traces/fcc/test_mahimahi_ptrs.json").toString(),
                "--trace-num", "4", "--fixed", "--seed", "1", "--lambda", "4.3", "--threads", "2", "--out", out.toString());
        assertEquals(0, r.rc(), r.err());
        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertEquals(0.3, doc.at("/summary/fixed-0/qoe_mean").asDouble(), 1e-9);
        assertEquals(4, doc.at("/summary/fixed-2/traces").asInt());
        assertEquals(4 * 47, doc.at("/summary/fixed-2/chunks").asInt());
        assertEquals(1, doc.at("/config/seed").asLong());
        assertTrue(doc.at("/config/fixed").asBoolean());
        assertEquals("000_trace_942154_http---www.ebay.com_0", doc.at("/traces/fixed-2/0/trace").asText());
        assertEquals(28, doc.at("/traces/fixed-2/0/start_pointer").asInt());
    }

    @Test
    void badFlagsAreClearErrors(@TempDir Path dir) {
        Run unknown = run("sim", "--algorithms", "no-such-algo", "--traces", ROOT.resolve("traces/fcc/test").toString());
        assertEquals(2, unknown.rc());
        assertTrue(unknown.err().contains("no-such-algo"), unknown.err());
        Run missing = run("sim", "--algorithms", "fixed-1", "--traces", dir.resolve("absent").toString());
        assertEquals(2, missing.rc());
        assertTrue(missing.err().contains("absent"), missing.err());
        Run negative = run("sim", "--algorithms", "fixed-1", "--trace-num", "-3");
        assertEquals(2, negative.rc());
        assertTrue(negative.err().contains("--trace-num"), negative.err());
    }
}
