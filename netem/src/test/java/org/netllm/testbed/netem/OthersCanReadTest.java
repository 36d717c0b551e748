package org.netllm.testbed.netem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkout under a private folder (mktemp -d, mode 700) is not readable by the shell user (fresh-clone CI). */
class OthersCanReadTest {

    @TempDir
    Path tmp;

    @Test
    void aPrivateFolderAboveHidesTheFile() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("private/repo"));
        Path trace = Files.writeString(repo.resolve("trace"), "1\n");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(repo, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(tmp.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        assertFalse(MahimahiShell.othersCanRead(trace));
        Files.setPosixFilePermissions(tmp.resolve("private"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(MahimahiShell.othersCanRead(trace) || !MahimahiShell.othersCanRead(tmp.getParent()),
                "readable once every folder above is searchable (unless the temp root itself is private)");
        Files.setPosixFilePermissions(trace, PosixFilePermissions.fromString("rw-------"));
        assertFalse(MahimahiShell.othersCanRead(trace));
    }
}
