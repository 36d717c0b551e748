package org.netllm.testbed.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LiveBrowsersTest {

    @TempDir
    Path tmp;

    /** A WebDriver that only counts quit() calls (optionally failing), everything else unsupported. */
    private static WebDriver countingDriver(AtomicInteger quits, boolean fail) {
        return (WebDriver) Proxy.newProxyInstance(WebDriver.class.getClassLoader(), new Class<?>[] {WebDriver.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("quit")) {
                        quits.incrementAndGet();
                        if (fail) {
                            throw new IllegalStateException("driver gone");
                        }
                        return null;
                    }
                    if (m.getName().equals("hashCode")) {
                        return System.identityHashCode(proxy);
                    }
                    if (m.getName().equals("equals")) {
                        return proxy == args[0];
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void closeAllQuitsEveryLiveBrowserEvenWhenOneFails() throws Exception {
        AtomicInteger quits = new AtomicInteger();
        int before = LiveBrowsers.count();
        Path p1 = Files.createDirectories(tmp.resolve("p1"));
        Path p2 = Files.createDirectories(tmp.resolve("p2"));
        LiveBrowsers.register(new BrowserFactory.Browser(countingDriver(quits, true), p1));
        LiveBrowsers.register(new BrowserFactory.Browser(countingDriver(quits, false), p2));
        assertEquals(before + 2, LiveBrowsers.count());

        LiveBrowsers.closeAll();

        assertEquals(2, quits.get(), "both drivers quit although the first one threw");
        assertEquals(0, LiveBrowsers.count());
        assertFalse(Files.exists(p1), "profile deleted after a failed quit too");
        assertFalse(Files.exists(p2));
    }

    @Test
    void aClosedBrowserIsNoLongerLive() throws Exception {
        AtomicInteger quits = new AtomicInteger();
        BrowserFactory.Browser b = LiveBrowsers.register(
                new BrowserFactory.Browser(countingDriver(quits, false), Files.createDirectories(tmp.resolve("p"))));
        b.close();
        LiveBrowsers.closeAll();
        assertEquals(1, quits.get(), "closeAll does not quit a browser twice");
    }
}
