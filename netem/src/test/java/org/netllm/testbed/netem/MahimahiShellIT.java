package org.netllm.testbed.netem;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs a real Mahimahi shell (mm-delay 40 + mm-link 12 Mbit/s) around a command that measures the shell's
 * round trip to the host. Skipped, naming what is missing and how to get it, where Mahimahi is not installed.
 * As root (Mahimahi refuses root) the shell runs as {@code nobody} through util-linux setpriv, as
 * testbed-scripts' runner does.
 */
class MahimahiShellIT {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    /** uid/gid of Debian's and Ubuntu's {@code nobody}/{@code nogroup}. */
    private static final String NOBODY = "65534";

    @Test
    void realShellRunsACommandWithMmDelaysRoundTrip() throws Exception {
        Optional<MahimahiShell> shell = MahimahiShell.detect();
        assumeTrue(shell.isPresent(), "SKIPPED: mm-delay/mm-link not on PATH (" + MahimahiShell.INSTALL_HINT + ")");
        Path up = Path.of(System.getProperty("testbed.root"), "traces", "mahimahi-uplink", "12mbps");
        // inside the shell, one ping to the host side crosses mm-delay twice: at least 80 ms
        MahimahiShellSpec spec = new MahimahiShellSpec(40, false, up, up, Optional.empty(), Optional.empty(),
                List.of("bash", "-c", "s=$(date +%s%3N); (exec 3<>/dev/tcp/$MAHIMAHI_BASE/9) 2>/dev/null; e=$(date +%s%3N); "
                        + "echo rtt=$((e - s))"));
        List<String> argv = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            assumeTrue(Files.isExecutable(SETPRIV), "SKIPPED: running as root and no " + SETPRIV + " to start the shell unprivileged");
            assumeTrue(MahimahiShell.othersCanRead(up), "SKIPPED: the shell runs as nobody, who cannot read " + up
                    + " (a folder above the checkout is private); clone into a world-readable folder to run this test");
            argv.addAll(List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        argv.addAll(MahimahiShell.commandLine(spec));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "mm-delay/mm-link did not exit");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        int rtt = Integer.parseInt(out.substring(out.lastIndexOf("rtt=") + 4).trim());
        assertTrue(rtt >= 80, "a TCP connect inside mm-delay 40 takes one 80 ms round trip, took " + rtt + " ms: " + out);
    }
}
