package org.netllm.testbed.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.netem.MahimahiShell;
import org.netllm.testbed.netem.MahimahiShellSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MahimahiSessionExecutorTest {

    @Test
    void runsTheSessionCommandInsideGenetsShell(@TempDir Path root) throws Exception {
        Path up = Files.writeString(root.resolve("12mbps"), "1\n");
        Files.createDirectories(root.resolve("traces/fcc-real"));
        Path down = Files.writeString(root.resolve("traces/fcc-real/t1"), "0\n5\n");
        // surefire sets testbed.root for every test class in this JVM: restore it afterwards
        String saved = System.getProperty("testbed.root");
        System.setProperty("testbed.root", root.toString());
        try {
            ExperimentConfig cfg = new ExperimentConfig(List.of("bba"), List.of("traces/fcc-real"), 1, 1, 1, "envivio", 4.3,
                    ExperimentConfig.Emulator.MAHIMAHI, 3);
            MahimahiSessionExecutor ex = new MahimahiSessionExecutor(
                    (trace, cmd) -> MahimahiShell.commandLine(MahimahiShellSpec.genet(up, trace, cmd)), cfg, 41234,
                    root.resolve("server"), 700);
            SessionSpec spec = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t1", 0);
            List<String> argv = ex.argv(spec, root.resolve("out"));
            assertEquals(List.of("mm-delay", "40", "mm-loss", "uplink", "0", "mm-loss", "downlink", "0", "mm-link",
                    up.toString(), down.toAbsolutePath().toString(), "--", "bash", "-c"), argv.subList(0, 14));
            String inner = argv.get(14);
            assertEquals(15, argv.size());
            assertTrue(inner.contains("org.netllm.testbed.cli.Main session"), inner);
            assertTrue(inner.contains("--server \"http://$MAHIMAHI_BASE:41234/\""), inner);
            assertTrue(inner.contains("--link none"), inner);
            assertTrue(inner.contains("--trace 'traces/fcc-real/t1'"), inner);
            assertTrue(inner.contains("--experiment-key 'bba/fcc-real/t1/r0'"), inner);
        } finally {
            if (saved == null) {
                System.clearProperty("testbed.root");
            } else {
                System.setProperty("testbed.root", saved);
            }
        }
    }
}
