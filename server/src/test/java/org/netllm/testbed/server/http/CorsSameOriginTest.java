package org.netllm.testbed.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

/**
 * A page the server itself served (its Origin equals the authority the request names) may use the server even
 * when that address is an interface created after start-up — the Mahimahi shell's 10.0.0.1 (MahimahiIT's
 * cross-link session was refused with 403 before); any other origin still goes through the interface list.
 */
class CorsSameOriginTest {

    @Test
    void theServersOwnPageUnderTheShellAddressIsSameOrigin() {
        assertTrue(OriginPolicy.sameOrigin("http://10.0.0.1:36103", HostAndPort.create("10.0.0.1", 36103)));
        assertTrue(OriginPolicy.sameOrigin("http://[::1]:8080", HostAndPort.create("[::1]", 8080)));
        assertTrue(OriginPolicy.sameOrigin("http://127.0.0.1", HostAndPort.create("127.0.0.1", -1)));
    }

    @Test
    void anotherHostPortOrSchemeIsNot() {
        HostAndPort us = HostAndPort.create("10.0.0.1", 36103);
        assertFalse(OriginPolicy.sameOrigin("http://evil.example:36103", us));
        assertFalse(OriginPolicy.sameOrigin("http://10.0.0.1:36104", us));
        assertFalse(OriginPolicy.sameOrigin("https://10.0.0.1:36103", us));
        assertFalse(OriginPolicy.sameOrigin("null", us));
        assertFalse(OriginPolicy.sameOrigin("http://10.0.0.1:36103/%zz bad", us));
    }
}
