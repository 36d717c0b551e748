package org.netllm.testbed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad flags end with one clear line and exit code 2, before anything is written. */
class CliErrorsTest {

    static String run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(args), String.join(" ", args));
        return err.toString();
    }

    @Test
    void mahimahiWithoutMmLinkIsAClearError(@TempDir Path tmp) {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.netllm.testbed.netem.MahimahiShell.detect().isEmpty(),
                "mm-link is installed here; the missing-Mahimahi error cannot be shown");
        Path out = tmp.resolve("exp");
        String err = run("experiment", "--algorithms", "bba", "--traces", "traces/fcc-real", "--emulator", "mahimahi",
                "--out", out.toString());
        assertTrue(err.contains("mm-delay/mm-link are not on PATH"), err);
        assertFalse(Files.exists(out.resolve("plan.json")));
    }

    @Test
    void badFlagsAreNamed(@TempDir Path tmp) {
        assertTrue(run("experiment", "--algorithms", "bba", "--traces", "traces/fcc-real", "--emulator", "ns3",
                "--out", tmp.toString()).contains("--emulator must be builtin or mahimahi"));
        assertTrue(run("report", tmp.toString()).contains("not a session or experiment folder"));
        assertTrue(run("report", "--fidelity", tmp.toString(), "--sim", tmp.resolve("none.json").toString()).contains("not a session or experiment folder"));
    }

    @Test
    void decisionFlagsAreCheckedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("exp");
        String err = run("experiment", "--algorithms", "bba", "--traces", "traces/fcc-real", "--decisions-cross-link",
                "--out", out.toString());
        assertTrue(err.contains("--decisions-cross-link applies to --emulator mahimahi only"), err);
        err = run("experiment", "--algorithms", "bba", "--traces", "traces/fcc-real", "--decision-socket", "/tmp/x.sock",
                "--out", out.toString());
        assertTrue(err.contains("--decision-socket applies to --emulator mahimahi only"), err);
        err = run("experiment", "--algorithms", "bba", "--traces", "traces/fcc-real", "--emulator", "mahimahi",
                "--decisions-cross-link", "--decision-socket", "/tmp/x.sock", "--out", out.toString());
        assertTrue(err.contains("--decisions-cross-link uses none"), err);
        err = run("session", "--algorithm", "bba", "--decisions", "http://127.0.0.1:1/", "--decision-socket", "/tmp/x.sock",
                "--out", out.toString());
        assertTrue(err.contains("give one"), err);
        assertFalse(Files.exists(out), "nothing written");
    }
}
