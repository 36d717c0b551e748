package org.netllm.testbed.browser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The browsers of an experiment runner's slots, started ahead and quit behind, so the slot's next session
 * waits neither for chromedriver and Chromium to start nor for the previous browser to quit (measured
 * 2026-12-06: 5–8 s start and 0.7–1.8 s quit per session on a loaded 2-core host, docs/benchmarks.md).
 *
 * <ul>
 *   <li>{@link #prestart}: once a session has downloaded its last chunk (nothing it measures can change after
 *       that: no further download, no further stall), the slot's next browser starts in the background;</li>
 *   <li>{@link #take}: the next session gets that browser (a fresh one with a fresh profile, exactly as
 *       {@link BrowserFactory#start} makes it — only started earlier; nothing is shared between sessions);</li>
 *   <li>{@link #retire}: a finished session's browser is quit in the background.</li>
 * </ul>
 * A slot is the thread that plays its sessions; it holds at most one prestarted browser. This object owns
 * the prestarted browsers until a session takes one, and the retired ones until they have quit:
 * {@link #close} quits those. All of them come from {@link BrowserFactory#start}, so they are registered in
 * {@link LiveBrowsers} (quit by the JVM's shutdown hook) and die with the JVM on SIGKILL like every local browser.
 */
final class SlotBrowsers implements AutoCloseable {

    /** How a browser starts ({@link BrowserFactory#start}; a fake in tests). */
    @FunctionalInterface
    interface Starter {
        BrowserFactory.Browser start() throws IOException;
    }

    /** Longest wait for a prestart still under way when closing: a browser start's own limits, both of them. */
    private static final java.time.Duration CLOSE_WAIT = BrowserFactory.DRIVER_START_TIMEOUT.plus(BrowserFactory.COMMAND_TIMEOUT);

    private final Starter factory;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "testbed-slot-browsers");
        t.setDaemon(true);
        return t;
    });
    /** Slot thread → its prestarted (or starting) browser. */
    private final Map<Thread, Future<BrowserFactory.Browser>> ready = new ConcurrentHashMap<>();
    /** Quits under way (retired browsers). */
    private final List<Future<?>> quitting = new ArrayList<>();
    private boolean closed;

    SlotBrowsers(Starter factory) {
        this.factory = factory;
    }

    /**
     * The calling slot's prestarted browser, waiting for its start to finish, or a browser started now when
     * the slot has none (its first session, or a prestart that failed: its error would repeat here or was
     * transient, and a start now reports it the ordinary way).
     */
    Taken take() throws IOException {
        Future<BrowserFactory.Browser> f = ready.remove(Thread.currentThread());
        if (f != null) {
            try {
                return new Taken(f.get(), true);
            } catch (ExecutionException e) {
                // fall through to a start of our own
            } catch (InterruptedException e) {
                inBackground(() -> quitWhenStarted(f));
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the prestarted browser", e);
            }
        }
        return new Taken(factory.start(), false);
    }

    /** A session's browser and whether it was prestarted (recorded in run.json). */
    record Taken(BrowserFactory.Browser browser, boolean prestarted) {
    }

    /** Starts the calling slot's next browser in the background, unless it has one or this is closed. */
    synchronized void prestart() {
        if (closed) {
            return;
        }
        try {
            ready.computeIfAbsent(Thread.currentThread(), slot -> background.submit(factory::start));
        } catch (RejectedExecutionException e) {
            // closing: the slot starts its browser itself if it ever plays another session
        }
    }

    /** Quits a session's browser in the background (at once, on this thread, once this is closed). */
    void retire(BrowserFactory.Browser browser) {
        synchronized (this) {
            if (!closed) {
                quitting.removeIf(Future::isDone);
                quitting.add(background.submit(browser::close));
                return;
            }
        }
        browser.close();
    }

    /** Waits for the retired browsers to quit and quits the prestarted ones no session took. */
    @Override
    public void close() {
        List<Future<BrowserFactory.Browser>> left;
        List<Future<?>> quits;
        synchronized (this) {
            closed = true;
            left = List.copyOf(ready.values());
            ready.clear();
            quits = List.copyOf(quitting);
            quitting.clear();
        }
        left.forEach(SlotBrowsers::quitWhenStarted);
        for (Future<?> q : quits) {
            try {
                q.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // a quit that failed or hangs: LiveBrowsers' shutdown hook and the parent-death signal end it with the JVM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        background.shutdown();
    }

    private void inBackground(Runnable r) {
        try {
            background.execute(r);
        } catch (RejectedExecutionException closing) {
            r.run();
        }
    }

    private static void quitWhenStarted(Future<BrowserFactory.Browser> f) {
        try {
            f.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        } catch (ExecutionException e) {
            // it never started: nothing to quit
        } catch (TimeoutException | RuntimeException e) {
            // a hung start or failed quit: LiveBrowsers' shutdown hook and the parent-death signal end it with the JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the calling slot's prestart (if any) has finished (tests). */
    void awaitPrestarted() throws InterruptedException, ExecutionException {
        Future<BrowserFactory.Browser> f = ready.get(Thread.currentThread());
        if (f != null) {
            f.get();
        }
    }

    /** Prestarted browsers not yet taken (tests). */
    int pending() {
        return ready.size();
    }
}
