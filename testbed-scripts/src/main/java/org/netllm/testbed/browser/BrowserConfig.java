package org.netllm.testbed.browser;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How browsers are started: a local Chromium through an explicit chromedriver (never Selenium
 * Manager, which would try to download), or a Selenium Grid.
 *
 * @param chromium     browser binary (local mode)
 * @param chromedriver driver binary (local mode)
 * @param grid         Selenium Grid hub URL, or null for local browsers
 * @param pollInterval how often window.testbed is polled
 * @param stallCap     abort when neither a new chunk arrived nor the playhead moved for this long
 */
public record BrowserConfig(Path chromium, Path chromedriver, URI grid, Duration pollInterval, Duration stallCap) {

    public static final Path DEFAULT_CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DEFAULT_CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);
    /** Longest plausible wait for one chunk: the slowest trace (~0.38 Mbit/s) needs ~50 s for a 2.3 MB top-quality chunk. */
    public static final Duration DEFAULT_STALL_CAP = Duration.ofSeconds(120);

    public static BrowserConfig local() {
        return new BrowserConfig(DEFAULT_CHROMIUM, DEFAULT_CHROMEDRIVER, null, DEFAULT_POLL, DEFAULT_STALL_CAP);
    }

    public BrowserConfig withGrid(URI gridUrl) {
        return new BrowserConfig(chromium, chromedriver, gridUrl, pollInterval, stallCap);
    }

    /** Fails with a clear message when a local browser cannot be started. */
    public void checkLocalBinaries() {
        if (grid != null) {
            return;
        }
        for (Path p : new Path[] {chromium, chromedriver}) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing or not executable; install chromium and chromium-driver "
                        + "(apt-get install chromium chromium-driver) or use --grid URL");
            }
        }
    }
}
