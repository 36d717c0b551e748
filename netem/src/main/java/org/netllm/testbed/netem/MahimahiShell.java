package org.netllm.testbed.netem;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mahimahi's shells on this machine: detection on PATH and the exact command line GENET's drivers
 * run ({@code G:drivers/run_mahimahi_emulation_*.sh}, docs/reference/abr.md §8.1).
 *
 * @param mmDelay path of mm-delay
 * @param mmLink  path of mm-link
 * @param mmLoss  path of mm-loss, when installed (only needed for the zero-loss shells)
 */
public record MahimahiShell(Path mmDelay, Path mmLink, Optional<Path> mmLoss) {

    /**
     * How to get Mahimahi, for every "not installed" error: the distribution package where one exists,
     * else a source build with the build dependencies of upstream's debian/control (ravinet/mahimahi).
     */
    public static final String INSTALL_HINT = "install Mahimahi: where your distribution packages it (Ubuntu: sudo apt install "
            + "mahimahi) use that; elsewhere (Debian 12 has no package) build it from source: sudo apt-get install "
            + "build-essential autotools-dev dh-autoreconf pkg-config protobuf-compiler libprotobuf-dev libssl-dev "
            + "libxcb-present-dev libcairo2-dev libpango1.0-dev apache2-dev apache2-bin dnsmasq-base iptables iproute2 ssl-cert; "
            + "git clone https://github.com/ravinet/mahimahi && cd mahimahi && ./autogen.sh && ./configure && make && "
            + "sudo make install (the shells are installed setuid root); then sudo sysctl -w net.ipv4.ip_forward=1";

    /** Looks for mm-delay and mm-link (and mm-loss) in the directories of {@code $PATH}. */
    /**
     * Whether an account other than the owner (the unprivileged user a root runner starts the shells as) can reach
     * {@code path}: every folder above it searchable by others, and {@code path} itself readable by others (and
     * searchable, for a folder). mm-link opens its trace files as that user, so a checkout under a private folder
     * (e.g. {@code mktemp -d}, mode 700) fails inside the shell with "error opening for reading".
     */
    public static boolean othersCanRead(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        var self = Files.getPosixFilePermissions(p);
        if (!self.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
                || (Files.isDirectory(p) && !self.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE))) {
            return false;
        }
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            if (!Files.getPosixFilePermissions(dir).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    public static Optional<MahimahiShell> detect() {
        return detect(System.getenv().getOrDefault("PATH", ""));
    }

    static Optional<MahimahiShell> detect(String pathVariable) {
        Optional<Path> delay = which("mm-delay", pathVariable);
        Optional<Path> link = which("mm-link", pathVariable);
        if (delay.isEmpty() || link.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MahimahiShell(delay.get(), link.get(), which("mm-loss", pathVariable)));
    }

    /**
     * {@code mm-delay D [mm-loss uplink 0 mm-loss downlink 0] mm-link [queue options] UP DOWN -- cmd...}.
     * Program names are given bare, as GENET's scripts do; the shells find each other on PATH.
     */
    public static List<String> commandLine(MahimahiShellSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("mm-delay");
        argv.add(Long.toString(spec.oneWayDelayMs()));
        if (spec.zeroLossShells()) {
            argv.addAll(List.of("mm-loss", "uplink", "0", "mm-loss", "downlink", "0"));
        }
        argv.add("mm-link");
        spec.uplinkQueue().ifPresent(q -> addQueue(argv, "uplink", q));
        spec.downlinkQueue().ifPresent(q -> addQueue(argv, "downlink", q));
        argv.add(spec.uplinkTrace().toString());
        argv.add(spec.downlinkTrace().toString());
        argv.add("--");
        argv.addAll(spec.command());
        return argv;
    }

    /** Starts the shell; fails clearly when a needed program is missing. */
    public Process start(MahimahiShellSpec spec) throws IOException {
        if (spec.zeroLossShells() && mmLoss.isEmpty()) {
            throw new IllegalStateException("mm-loss is not on PATH but the spec asks for the zero-loss shells");
        }
        return new ProcessBuilder(commandLine(spec)).inheritIO().start();
    }

    private static void addQueue(List<String> argv, String direction, MahimahiQueue q) {
        argv.add("--" + direction + "-queue=" + q.type());
        if (!q.args().isEmpty()) {
            argv.add("--" + direction + "-queue-args=" + q.args());
        }
    }

    private static Optional<Path> which(String program, String pathVariable) {
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
