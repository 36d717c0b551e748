package org.netllm.testbed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --emulator mahimahi}: GENET's shell (abr-reference §8.1): {@code mm-delay 40 mm-link
 * <12mbps uplink> <downlink trace> --}, infinite queues, loss 0.
 */
final class MahimahiCheck {

    static final String UPLINK_TRACE = "traces/mahimahi-uplink/12mbps";
    /** GENET's mm-delay 40 (80 ms RTT). */
    static final int ONE_WAY_DELAY_MS = 40;

    private MahimahiCheck() {
    }

    /** The shell prefix up to the downlink trace, or a clear error when Mahimahi is not installed. */
    static List<String> requireShell() {
        for (String tool : List.of("mm-delay", "mm-link")) {
            if (which(tool) == null) {
                throw new IllegalStateException("--emulator mahimahi: " + tool + " is not on PATH; install Mahimahi "
                        + "(apt-get install mahimahi, and sysctl net.ipv4.ip_forward=1) or use --emulator builtin");
            }
        }
        Path uplink = RepoRoot.get().resolve(UPLINK_TRACE);
        if (!Files.isRegularFile(uplink)) {
            throw new IllegalStateException("--emulator mahimahi: uplink trace " + uplink + " is missing");
        }
        return List.of("mm-delay", Integer.toString(ONE_WAY_DELAY_MS), "mm-link", uplink.toString());
    }

    /** Full argv prefix for one downlink trace, ending with "--". */
    static List<String> argv(List<String> prefix, Path downlinkTrace) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(downlinkTrace.toString());
        argv.add("--");
        return argv;
    }

    private static Path which(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
