package org.netllm.testbed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.browser.Hosts;
import org.netllm.testbed.experiment.InProcessServer;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --grid / --public-host: the combinations that cannot work are refused with one clear line (exit 2)
 * before anything is written; the accepted ones give the browser origin and bind address expected.
 * Addresses are IP literals from TEST-NET-1 (RFC 5737) so no DNS lookup is involved.
 */
class GridFlagsTest {

    static final String REMOTE_GRID = "http://192.0.2.10:4444";
    static final String LOCAL_GRID = "http://127.0.0.1:4444";

    static String[] experiment(Path out, String... more) {
        String[] base = {"experiment", "--algorithms", "bba", "--traces", "traces/fcc-real", "--sample", "1", "--out", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void remoteGridWithoutPublicHostIsRefused(@TempDir Path tmp) {
        Path out = tmp.resolve("exp");
        String err = CliErrorsTest.run(experiment(out, "--grid", REMOTE_GRID));
        assertTrue(err.contains("--grid " + REMOTE_GRID + " is not on this machine"), err);
        assertTrue(err.contains("add --public-host HOST"), err);
        assertFalse(Files.exists(out.resolve("plan.json")), "refused before the plan was written");

        String session = CliErrorsTest.run("session", "--algorithm", "bba", "--grid", REMOTE_GRID, "--out", tmp.resolve("s").toString());
        assertTrue(session.contains("add --public-host HOST"), session);
        String demo = CliErrorsTest.run("demo", "--grid", REMOTE_GRID, "--out", tmp.resolve("d").toString());
        assertTrue(demo.contains("add --public-host HOST"), demo);
        assertFalse(Files.exists(tmp.resolve("d")), "demo refused before generating anything");
    }

    @Test
    void remoteGridWithALoopbackPublicHostIsRefused(@TempDir Path tmp) {
        String err = CliErrorsTest.run(experiment(tmp.resolve("exp"), "--grid", REMOTE_GRID, "--public-host", "localhost"));
        assertTrue(err.contains("give --public-host a name or IP of this machine that the Grid nodes can reach, not loopback"), err);
    }

    @Test
    void remoteGridWithALoopbackServerUrlIsRefused(@TempDir Path tmp) {
        String err = CliErrorsTest.run(experiment(tmp.resolve("exp"), "--grid", REMOTE_GRID,
                "--server", "http://127.0.0.1:8080/", "--server-results", tmp.toString()));
        assertTrue(err.contains("or give --server a URL they can reach"), err);
    }

    @Test
    void mahimahiWithGridIsRefusedEvenWithoutMahimahiInstalled(@TempDir Path tmp) {
        Path out = tmp.resolve("exp");
        String err = CliErrorsTest.run(experiment(out, "--emulator", "mahimahi", "--grid", LOCAL_GRID));
        assertTrue(err.contains("--emulator mahimahi cannot be used with --grid"), err);
        assertFalse(Files.exists(out.resolve("plan.json")));
    }

    @Test
    void malformedValuesAreNamed(@TempDir Path tmp) {
        assertTrue(CliErrorsTest.run(experiment(tmp.resolve("a"), "--grid", "grid-host:4444"))
                .contains("--grid must be an http(s) URL with a host"));
        assertTrue(CliErrorsTest.run(experiment(tmp.resolve("b"), "--grid", REMOTE_GRID, "--public-host", "http://10.0.0.5:8080"))
                .contains("--public-host takes a host name or IP address"));
        assertTrue(CliErrorsTest.run(experiment(tmp.resolve("c"), "--grid", REMOTE_GRID, "--public-host", "10.0.0.5",
                "--server", "http://10.0.0.5:8080/", "--server-results", tmp.toString())).contains("with --server the browsers use that URL"));
    }

    @Test
    void publicHostSetsTheBrowserOriginAndAllInterfaces() {
        ServerOptions o = parse("--grid", REMOTE_GRID, "--public-host", "198.51.100.7");
        assertEquals(URI.create(REMOTE_GRID), o.browsers(false).grid());
        assertEquals(URI.create("http://198.51.100.7:41234/"), o.browserOrigin(URI.create("http://127.0.0.1:41234/")));
        assertEquals(InProcessServer.ALL_INTERFACES, o.bindHost(InProcessServer.LOOPBACK));

        ServerOptions v6 = parse("--grid", REMOTE_GRID, "--public-host", "[2001:db8::5]");
        v6.browsers(false);
        assertEquals(URI.create("http://[2001:db8::5]:8080/"), v6.browserOrigin(URI.create("http://127.0.0.1:8080/")));
    }

    @Test
    void localGridAndRemoteServerNeedNoPublicHost() {
        ServerOptions local = parse("--grid", LOCAL_GRID);
        local.browsers(false);
        assertEquals(InProcessServer.LOOPBACK, local.bindHost(InProcessServer.LOOPBACK));
        assertEquals(URI.create("http://127.0.0.1:5/"), local.browserOrigin(URI.create("http://127.0.0.1:5/")));

        ServerOptions remoteServer = parse("--grid", REMOTE_GRID, "--server", "http://198.51.100.7:8080/");
        remoteServer.browsers(false);
    }

    @Test
    void loopbackDetection() {
        assertTrue(Hosts.isLoopback("localhost"));
        assertTrue(Hosts.isLoopback("127.0.0.2"));
        assertTrue(Hosts.isLoopback("[::1]"));
        assertFalse(Hosts.isLoopback("192.0.2.10"));
        assertFalse(Hosts.isLoopback("[2001:db8::5]"));
        assertFalse(Hosts.isLoopback(""));
    }

    /** The mixin alone, as picocli fills it for a command. */
    static ServerOptions parse(String... args) {
        ServerOptions o = new ServerOptions();
        new CommandLine(new Holder(o)).parseArgs(args);
        return o;
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        final ServerOptions options;

        Holder(ServerOptions options) {
            this.options = options;
        }
    }
}
