package org.netllm.testbed.netem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MahimahiShellTest {

    @TempDir
    Path dir;

    private Path up() {
        return Path.of(System.getProperty("testbed.root"), "traces", "mahimahi-uplink", "12mbps");
    }

    private Path down() {
        return Path.of(System.getProperty("testbed.root"), "traces", "fcc-real",
                "test_fcc_trace_10652_http---www.amazon.com_0_0");
    }

    @Test
    void genetCommandLineIsExact() {
        List<String> cmd = List.of("bash", "-c", "python -m pensieve.virtual_browser.virtual_browser --abr RL");
        List<String> argv = MahimahiShell.commandLine(MahimahiShellSpec.genet(up(), down(), cmd));
        assertEquals(List.of("mm-delay", "40", "mm-loss", "uplink", "0", "mm-loss", "downlink", "0", "mm-link",
                up().toString(), down().toString(), "--",
                "bash", "-c", "python -m pensieve.virtual_browser.virtual_browser --abr RL"), argv);
    }

    @Test
    void queueOptionsPassThroughBeforeTheTraces() {
        MahimahiShellSpec spec = new MahimahiShellSpec(25, false, up(), down(),
                Optional.of(new MahimahiQueue("droptail", "packets=100")),
                Optional.of(new MahimahiQueue("codel", "packets=200,target=50,interval=100")),
                List.of("chromium", "--headless"));
        assertEquals(List.of("mm-delay", "25", "mm-link",
                "--uplink-queue=droptail", "--uplink-queue-args=packets=100",
                "--downlink-queue=codel", "--downlink-queue-args=packets=200,target=50,interval=100",
                up().toString(), down().toString(), "--", "chromium", "--headless"),
                MahimahiShell.commandLine(spec));
        MahimahiShellSpec infinite = new MahimahiShellSpec(40, false, up(), down(), Optional.empty(),
                Optional.of(new MahimahiQueue("infinite", "")), List.of("true"));
        assertTrue(MahimahiShell.commandLine(infinite).contains("--downlink-queue=infinite"));
        assertTrue(MahimahiShell.commandLine(infinite).stream().noneMatch(a -> a.startsWith("--downlink-queue-args")));
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MahimahiQueue("fifo", ""));
        assertThrows(IllegalArgumentException.class, () -> new MahimahiQueue("droptail", "packets 100"));
        assertThrows(IllegalArgumentException.class, () -> MahimahiShellSpec.genet(up(), dir.resolve("none"), List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> MahimahiShellSpec.genet(up(), down(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MahimahiShellSpec(-1, false, up(), down(),
                Optional.empty(), Optional.empty(), List.of("x")));
    }

    @Test
    void detectsTheShellsOnAGivenPath() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        assertTrue(MahimahiShell.detect(bin.toString()).isEmpty());
        for (String name : List.of("mm-delay", "mm-link")) {
            Files.writeString(bin.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Optional<MahimahiShell> found = MahimahiShell.detect("/nonexistent" + File.pathSeparator + bin);
        assertTrue(found.isPresent());
        assertEquals(bin.resolve("mm-link"), found.get().mmLink());
        assertTrue(found.get().mmLoss().isEmpty());
    }
}
