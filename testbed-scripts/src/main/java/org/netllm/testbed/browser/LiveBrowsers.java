package org.netllm.testbed.browser;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browsers this JVM started and has not closed yet. A shutdown hook quits them, so Ctrl-C on an
 * experiment (which ends the JVM without unwinding the session threads) leaves no chromedriver or
 * Chromium behind; the interrupted sessions are re-run on resume.
 */
final class LiveBrowsers {

    private static final Set<BrowserFactory.Browser> LIVE = ConcurrentHashMap.newKeySet();
    /** Set when the shutdown hook begins: a browser started after that is quit at once (no retry browsers during shutdown). */
    private static volatile boolean closing;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveBrowsers::shutdown, "testbed-close-browsers"));
    }

    private LiveBrowsers() {
    }

    static BrowserFactory.Browser register(BrowserFactory.Browser b) {
        LIVE.add(b);
        if (closing) {
            b.close();
            throw new IllegalStateException("shutting down: a browser started during shutdown was quit at once");
        }
        return b;
    }

    static void closed(BrowserFactory.Browser b) {
        LIVE.remove(b);
    }

    static int count() {
        return LIVE.size();
    }

    /** The JVM's shutdown: refuse new browsers, then quit the live ones. */
    private static void shutdown() {
        closing = true;
        closeAll();
    }

    /** Quits every live browser; one that fails to quit does not stop the others. */
    static void closeAll() {
        for (BrowserFactory.Browser b : List.copyOf(LIVE)) {
            try {
                b.close();
            } catch (RuntimeException e) {
                System.err.println("testbed: could not quit a browser at shutdown (it dies with this JVM): "
                        + BrowserSessionRunner.firstLine(e.getMessage()));
            }
        }
    }
}
