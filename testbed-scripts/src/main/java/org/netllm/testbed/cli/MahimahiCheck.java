package org.netllm.testbed.cli;

import org.netllm.testbed.netem.MahimahiShell;
import org.netllm.testbed.netem.MahimahiShellSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code --emulator mahimahi}: GENET's shell (docs/reference/abr.md §8.1) via netem's {@link MahimahiShell}:
 * {@code mm-delay 40 mm-loss uplink 0 mm-loss downlink 0 mm-link <12mbps uplink> <downlink trace> -- cmd}.
 */
final class MahimahiCheck {

    static final String UPLINK_TRACE = "traces/mahimahi-uplink/12mbps";
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private MahimahiCheck() {
    }

    /** trace + inner command → full argv; a clear error when Mahimahi is not installed. */
    static BiFunction<Path, List<String>, List<String>> requireShell() {
        MahimahiShell shell = MahimahiShell.detect().orElseThrow(() -> new IllegalStateException(
                "--emulator mahimahi: mm-delay/mm-link are not on PATH; " + MahimahiShell.INSTALL_HINT
                        + " (netem/README.md \"Mahimahi\"), or use --emulator builtin"));
        if (!ipForwarding()) {
            throw new IllegalStateException("--emulator mahimahi: " + IP_FORWARD + " is not 1; the shells route through "
                    + "the host: sudo sysctl -w net.ipv4.ip_forward=1");
        }
        if (shell.mmLoss().isEmpty()) {
            throw new IllegalStateException("--emulator mahimahi: mm-loss is not on PATH (GENET's shell uses mm-loss uplink/downlink 0); "
                    + MahimahiShell.INSTALL_HINT);
        }
        Path uplink = RepoRoot.get().resolve(UPLINK_TRACE);
        if (!Files.isRegularFile(uplink)) {
            throw new IllegalStateException("--emulator mahimahi: uplink trace " + uplink + " is missing");
        }
        return (trace, command) -> MahimahiShell.commandLine(MahimahiShellSpec.genet(uplink, trace, command));
    }

    private static boolean ipForwarding() {
        try {
            return Files.readString(IP_FORWARD).trim().equals("1");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
