package org.netllm.testbed.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotBrowsersTest {

    @TempDir
    Path tmp;

    /** Fake browsers: records which thread started each one and counts quits. */
    final class FakeStarter implements SlotBrowsers.Starter {
        final List<String> startedOn = new CopyOnWriteArrayList<>();
        final AtomicInteger quits = new AtomicInteger();
        final AtomicInteger failNext = new AtomicInteger();
        final AtomicInteger n = new AtomicInteger();

        @Override
        public BrowserFactory.Browser start() throws IOException {
            startedOn.add(Thread.currentThread().getName());
            if (failNext.getAndUpdate(k -> Math.max(0, k - 1)) > 0) {
                throw new IOException("chromedriver did not start");
            }
            WebDriver d = (WebDriver) Proxy.newProxyInstance(WebDriver.class.getClassLoader(), new Class<?>[] {WebDriver.class},
                    (proxy, m, args) -> switch (m.getName()) {
                        case "quit" -> { quits.incrementAndGet(); yield null; }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
            return new BrowserFactory.Browser(d, Files.createDirectories(tmp.resolve("profile-" + n.incrementAndGet())));
        }
    }

    @Test
    void withoutPrestartASessionStartsItsOwnBrowserOnItsOwnThread() throws Exception {
        FakeStarter f = new FakeStarter();
        try (SlotBrowsers p = new SlotBrowsers(f)) {
            p.take().browser().close();
            assertEquals(List.of(Thread.currentThread().getName()), f.startedOn);
            assertEquals(1, f.quits.get());
        }
    }

    @Test
    void thePrestartedBrowserIsStartedInTheBackgroundAndTakenByTheSameSlotOnly() throws Exception {
        FakeStarter f = new FakeStarter();
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "slot-2"));
        try (SlotBrowsers p = new SlotBrowsers(f)) {
            p.prestart();
            p.prestart();   // a slot holds at most one
            assertEquals(1, p.pending());
            // another slot does not get this slot's browser: it starts its own
            SlotBrowsers.Taken t2 = other.submit(p::take).get();
            SlotBrowsers.Taken t1 = p.take();
            assertTrue(t1.prestarted());
            assertFalse(t2.prestarted());
            BrowserFactory.Browser b1 = t1.browser();
            BrowserFactory.Browser b2 = t2.browser();
            assertNotSame(b1, b2);
            assertEquals(0, p.pending());
            assertEquals(2, f.startedOn.size());
            assertTrue(f.startedOn.contains("testbed-slot-browsers"), "prestarted off the slot's thread: " + f.startedOn);
            assertTrue(f.startedOn.contains("slot-2"), f.startedOn.toString());
            b1.close();
            b2.close();
        } finally {
            other.shutdownNow();
        }
        assertEquals(2, f.quits.get());
    }

    @Test
    void closeQuitsPrestartedBrowsersNoSessionTookAndRefusesNewPrestarts() throws Exception {
        FakeStarter f = new FakeStarter();
        SlotBrowsers p = new SlotBrowsers(f);
        p.prestart();
        p.close();
        assertEquals(1, f.startedOn.size());
        assertEquals(1, f.quits.get(), "the untaken browser is quit by its owner");
        assertEquals(0, p.pending());
        p.prestart();
        assertEquals(0, p.pending(), "no prestart after close");
        assertEquals(1, f.startedOn.size());
    }

    @Test
    void aFailedPrestartFallsBackToAStartOfTheSessionsOwn() throws Exception {
        FakeStarter f = new FakeStarter();
        f.failNext.set(1);
        try (SlotBrowsers p = new SlotBrowsers(f)) {
            p.prestart();
            SlotBrowsers.Taken t = p.take();
            assertFalse(t.prestarted());
            BrowserFactory.Browser b = t.browser();
            assertEquals(2, f.startedOn.size(), "the failed prestart, then the slot's own start");
            assertEquals(Thread.currentThread().getName(), f.startedOn.get(1));
            b.close();
        }
    }

    @Test
    void aTakenBrowserIsTheOneThatWasPrestarted() throws Exception {
        FakeStarter f = new FakeStarter();
        try (SlotBrowsers p = new SlotBrowsers(f)) {
            p.prestart();
            SlotBrowsers.Taken t = p.take();
            assertTrue(t.prestarted());
            BrowserFactory.Browser b = t.browser();
            assertEquals(tmp.resolve("profile-1"), b.profileDir());
            assertEquals(1, f.startedOn.size(), "no second start");
            b.close();
        }
        assertEquals(1, f.quits.get(), "closing quits only untaken browsers: the one the session took was quit once, by the session");
    }

    @Test
    void retiredBrowsersQuitInTheBackgroundAndCloseWaitsForThem() throws Exception {
        FakeStarter f = new FakeStarter();
        SlotBrowsers p = new SlotBrowsers(f);
        p.retire(p.take().browser());
        p.close();
        assertEquals(1, f.quits.get(), "quit by the time close returns");
        p.retire(f.start());
        assertEquals(2, f.quits.get(), "after close a retired browser is quit at once");
    }
}
