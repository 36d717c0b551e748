package org.netllm.testbed.browser;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

/**
 * Starts one browser per session with a fresh profile. Flags follow the GENET Selenium flow
 * (docs/reference/abr.md §8.2 step 5) plus what a closed network needs (no background traffic, no QUIC).
 */
public final class BrowserFactory {

    /** Chromium flags; the profile dir is added per browser. */
    static final List<String> CHROME_ARGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--window-size=800,600");

    /**
     * Selenium warns on every start that it has no CDP bindings for this Chromium version; we do not
     * use CDP, so the warning is noise. Held strongly: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
    }

    /**
     * A WebDriver command (a poll, a page load) that hangs longer than this fails the session attempt
     * instead of blocking past the session caps; generous because a loaded 2-core host starts
     * Chromium slowly.
     */
    static final java.time.Duration COMMAND_TIMEOUT = java.time.Duration.ofSeconds(60);
    /** chromedriver's own start-up (Selenium's default 20 s is too short on an overloaded host). */
    static final java.time.Duration DRIVER_START_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** Sub-folder of the profile holding the death-linked wrapper scripts. */
    private static final String WRAPPER_DIR = "bin";

    private final BrowserConfig config;

    public BrowserFactory(BrowserConfig config) {
        this.config = config;
    }

    /** A running browser and what to clean up after it. */
    public record Browser(WebDriver driver, Path profileDir) implements AutoCloseable {
        @Override
        public void close() {
            try {
                driver.quit();
            } finally {
                LiveBrowsers.closed(this);
                deleteTree(profileDir);
            }
        }
    }

    public Browser start() throws IOException {
        Path profile = Files.createTempDirectory("testbed-chrome-");
        ChromeOptions options = new ChromeOptions();
        options.addArguments(CHROME_ARGS);
        options.addArguments("--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            if (config.grid() != null) {
                // on a Grid node the profile path is the node's; Chromium creates it there
                return LiveBrowsers.register(new Browser(new RemoteWebDriver(config.grid().toURL(), options, false), profile));
            }
            config.checkLocalBinaries();
            // both binaries die with this JVM even on SIGKILL (DeathLinkedLaunch); the wrappers live in the profile
            Path wrappers = Files.createDirectories(profile.resolve(WRAPPER_DIR));
            options.setBinary(DeathLinkedLaunch.wrapper(wrappers, "chromium", config.chromium()).toFile());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DeathLinkedLaunch.wrapper(wrappers, "chromedriver", config.chromedriver()).toFile())
                    .usingAnyFreePort().withTimeout(DRIVER_START_TIMEOUT).build();
            DeathLinkedLaunch.onLauncherThread(() -> {
                service.start();
                return null;
            });
            return LiveBrowsers.register(new Browser(new ChromeDriver(service, options,
                    org.openqa.selenium.remote.http.ClientConfig.defaultConfig().readTimeout(COMMAND_TIMEOUT)), profile));
        } catch (MalformedURLException e) {
            deleteTree(profile);
            throw new IllegalArgumentException("--grid: not a URL: " + config.grid(), e);
        } catch (RuntimeException | IOException e) {
            deleteTree(profile);
            throw e;
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless; the session result does not depend on it
        }
    }
}
