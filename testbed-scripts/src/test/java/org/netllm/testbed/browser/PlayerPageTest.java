package org.netllm.testbed.browser;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlayerPageTest {

    @Test
    void withoutARelayThePageComesFromTheServer() {
        assertEquals(URI.create("http://10.0.0.1:8080/player/index.html?session=s1"),
                PlayerPage.url(URI.create("http://10.0.0.1:8080/"), "/player/index.html?session=s1", Optional.empty()));
    }

    @Test
    void withARelayThePageAndDecisionsUseTheRelayAndMediaTheServer() {
        URI u = PlayerPage.url(URI.create("http://10.0.0.1:8080/"), "/player/index.html?session=s1",
                Optional.of(URI.create("http://127.0.0.1:40001/")));
        assertEquals("http://127.0.0.1:40001/player/index.html?session=s1&server=http%3A%2F%2F10.0.0.1%3A8080"
                + "&decisions=http%3A%2F%2F127.0.0.1%3A40001", u.toString());
    }

    @Test
    void relativeBaseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PlayerPage.origin(URI.create("/x")));
    }
}
