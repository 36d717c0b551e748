package org.netllm.testbed.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The unprivileged account Mahimahi's shells run as when this JVM runs as root. Mahimahi refuses a
 * root caller (its shells are setuid root and drop back to the caller's real uid for the inner
 * command), so a root runner starts each shell through {@code setpriv --reuid --regid --init-groups}
 * as this user, and prepares what that user must reach: a world-readable copy of the classpath (root's
 * Maven repository is private), a result folder it owns, a home folder, and the decision socket.
 *
 * @param name account name
 * @param uid  its user id
 * @param gid  its primary group id
 */
public record ShellUser(String name, int uid, int gid) {

    /** Environment variable naming the account for a root runner. */
    public static final String ENV = "TESTBED_MAHIMAHI_USER";
    /** Used when {@link #ENV} is unset: exists on every Debian/Ubuntu system. */
    public static final String DEFAULT_USER = "nobody";
    static final String ROOT = "root";

    /** Empty when this JVM is not root (the shells then run as the caller, as Mahimahi expects). */
    public static Optional<ShellUser> forThisJvm() {
        if (!ROOT.equals(System.getProperty("user.name"))) {
            return Optional.empty();
        }
        String name = Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isBlank()).orElse(DEFAULT_USER);
        return Optional.of(lookup(name));
    }

    /** Resolves an account through {@code id}; a clear error when it does not exist or is root. */
    public static ShellUser lookup(String name) {
        if (!name.matches("[a-z_][a-z0-9_.-]*")) {
            throw new IllegalArgumentException(ENV + ": not an account name: " + name);
        }
        int uid = id("-u", name);
        if (uid == 0) {
            throw new IllegalArgumentException(ENV + "=" + name + " is root; Mahimahi's shells refuse root: name an unprivileged account");
        }
        return new ShellUser(name, uid, id("-g", name));
    }

    /** {@code setpriv … -- env HOME=home}: what goes in front of the Mahimahi argv. */
    public List<String> prefix(Path home) {
        return List.of(DeathLinkedLaunch.SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--",
                "env", "HOME=" + home, "USER=" + name, "LOGNAME=" + name);
    }

    /** Gives {@code dir} and everything in it to this user (a re-run attempt's leftovers included). */
    public void own(Path dir) throws IOException {
        UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Files.setOwner(p, user);
            }
        }
    }

    /** A fresh home folder owned by this user (Chromium writes caches under $HOME). */
    public Path newHome() throws IOException {
        Path home = Files.createTempDirectory("testbed-mm-home-");
        own(home);
        return home;
    }

    /**
     * A world-readable copy of {@code classpath} (hard links where the file system allows, else copies),
     * so the inner JVM started as this user can load the classes root's private folders hold.
     *
     * @return the new classpath
     */
    public static String stageClasspath(String classpath, Path stage) throws IOException {
        Files.createDirectories(stage);
        Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = stage.resolve(i++ + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                copyTree(src, dst);
            } else {
                linkOrCopy(src, dst);
            }
            out.add(dst.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (var walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    linkOrCopy(p, t);
                }
            }
        }
    }

    private static void linkOrCopy(Path src, Path dst) throws IOException {
        try {
            Files.createLink(dst, src);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(src, dst);
        }
        if (!Files.isReadable(dst) || !Files.getPosixFilePermissions(dst).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
            // a linked file keeps its mode: copy instead of widening the original's
            Files.deleteIfExists(dst);
            Files.copy(src, dst);
            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static int id(String flag, String name) {
        try {
            Process p = new ProcessBuilder("id", flag, name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalArgumentException(ENV + ": no account " + name + " on this machine (" + out + "); create one "
                        + "(useradd -m NAME) or name an existing unprivileged account");
            }
            return Integer.parseInt(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run id to look up " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking up " + name, e);
        }
    }
}
