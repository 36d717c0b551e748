package org.netllm.testbed.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainSocketsTest {

    @TempDir
    Path tmp;

    @Test
    void refusesPathsLongerThanSunPath() {
        Path ok = Path.of("/" + "a".repeat(DomainSockets.MAX_PATH_BYTES - 1));
        assertEquals(ok, DomainSockets.checkedPath(ok));
        Path tooLong = Path.of("/" + "a".repeat(DomainSockets.MAX_PATH_BYTES));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainSockets.checkedPath(tooLong));
        assertTrue(e.getMessage().contains("108 bytes") && e.getMessage().contains("at most 107"), e.getMessage());
    }

    @Test
    void neverDeletesAFileThatIsNotASocket() throws Exception {
        Path file = Files.writeString(tmp.resolve("precious.txt"), "data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainSockets.prepareForBind(file));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("data", Files.readString(file));
    }

    @Test
    void nativeTransportIsAvailableHere() {
        var vertx = DomainSockets.nativeVertx();
        try {
            assertTrue(vertx.isNativeTransportEnabled());
        } finally {
            vertx.close().await();
        }
    }
}
