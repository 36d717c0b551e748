package org.netllm.testbed.pages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.netllm.testbed.browser.BrowserConfig;
import org.netllm.testbed.browser.BrowserFactory;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/**
 * A real headless Chromium (the runner's {@link BrowserFactory}, so it dies with the JVM) sized like a desktop
 * screen, for the tests of the pages people look at: run scripts, wait for a condition, save a screenshot.
 */
final class PageBrowser implements AutoCloseable {

    /** A desktop screen: wide enough for the two-column layout, tall enough to show every chart. */
    static final Dimension SCREEN = new Dimension(1440, 1400);
    private static final Duration POLL = Duration.ofMillis(250);

    private final BrowserFactory.Browser browser;

    PageBrowser() throws IOException {
        browser = new BrowserFactory(BrowserConfig.local()).start();
        browser.driver().manage().window().setSize(SCREEN);
    }

    void open(String url) {
        browser.driver().get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script, args);
    }

    /** Polls {@code condition} (a JS expression) until it is true; fails with {@code describe}'s value after timeout. */
    void waitFor(String condition, Duration timeout, String describe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(js("return !!(" + condition + ");"))) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new AssertionError("page: '" + condition + "' not true within " + timeout + ": " + js("return " + describe + ";"));
    }

    /** Saves a PNG of the viewport (the whole layout at {@link #SCREEN}). */
    Path screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] png = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES);
        Files.write(file, png);
        return file;
    }

    @Override
    public void close() {
        browser.close();
    }
}
