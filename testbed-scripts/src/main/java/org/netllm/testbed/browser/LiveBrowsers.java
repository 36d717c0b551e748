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

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveBrowsers::closeAll, "testbed-close-browsers"));
    }

    private LiveBrowsers() {
    }

    static BrowserFactory.Browser register(BrowserFactory.Browser b) {
        LIVE.add(b);
        return b;
    }

    static void closed(BrowserFactory.Browser b) {
        LIVE.remove(b);
    }

    static int count() {
        return LIVE.size();
    }

    /** Quits every live browser; one that fails to quit does not stop the others. */
    static void closeAll() {
        for (BrowserFactory.Browser b : List.copyOf(LIVE)) {
            try {
                b.close();
            } catch (RuntimeException e) {
                System.err.println("testbed: could not quit a browser at shutdown: " + e.getMessage());
            }
        }
    }
}
