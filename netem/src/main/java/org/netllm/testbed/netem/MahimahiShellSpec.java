package org.netllm.testbed.netem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to run inside a Mahimahi shell, the way GENET's drivers do (docs/reference/abr.md §8.1).
 *
 * @param oneWayDelayMs  argument of mm-delay (40 in GENET: 80 ms RTT)
 * @param zeroLossShells add GENET's {@code mm-loss uplink 0 mm-loss downlink 0} (no effect but
 *                       reproduces the exact command line)
 * @param uplinkTrace    first mm-link trace (GENET: the {@code 12mbps} file)
 * @param downlinkTrace  second mm-link trace (one file of fcc-real or norway-real)
 * @param uplinkQueue    optional {@code --uplink-queue} passthrough
 * @param downlinkQueue  optional {@code --downlink-queue} passthrough
 * @param command        program and arguments to run inside the shell
 */
public record MahimahiShellSpec(long oneWayDelayMs, boolean zeroLossShells, Path uplinkTrace, Path downlinkTrace,
                                Optional<MahimahiQueue> uplinkQueue, Optional<MahimahiQueue> downlinkQueue,
                                List<String> command) {

    public MahimahiShellSpec {
        if (oneWayDelayMs < 0) {
            throw new IllegalArgumentException("mm-delay needs a delay >= 0 ms, got " + oneWayDelayMs);
        }
        requireFile(uplinkTrace, "uplink");
        requireFile(downlinkTrace, "downlink");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to run inside the Mahimahi shell");
        }
    }

    /** GENET's shell: {@code mm-delay 40 mm-loss uplink 0 mm-loss downlink 0 mm-link UP DOWN -- cmd}. */
    public static MahimahiShellSpec genet(Path uplinkTrace, Path downlinkTrace, List<String> command) {
        return new MahimahiShellSpec(TraceDrivenLink.DEFAULT_ONE_WAY_DELAY_MS, true, uplinkTrace, downlinkTrace,
                Optional.empty(), Optional.empty(), command);
    }

    private static void requireFile(Path trace, String which) {
        if (!Files.isRegularFile(trace)) {
            throw new IllegalArgumentException(which + " trace " + trace + " is not a readable file");
        }
    }
}
