package org.netllm.testbed.cli;

import org.netllm.testbed.browser.BrowserConfig;
import org.netllm.testbed.experiment.InProcessServer;
import org.netllm.testbed.experiment.RemoteServer;
import org.netllm.testbed.experiment.ServerHandle;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where sessions run: the server (in-process unless --server) and the browsers (local unless --grid). */
final class ServerOptions {

    static final String TRACES_DIR = "traces";

    @Option(names = "--server", paramLabel = "URL", description = "use a running ./testbed serve instead of starting one in-process")
    URI server;

    @Option(names = "--server-results", paramLabel = "DIR", description = "that server's results folder (needed with --server)")
    Path serverResults;

    @Option(names = "--content", paramLabel = "DIR", defaultValue = "content",
            description = "DASH content root for the in-process server (default ${DEFAULT-VALUE}, relative to the repo root)")
    Path content;

    @Option(names = "--grid", paramLabel = "URL", description = "Selenium Grid hub (RemoteWebDriver) instead of a local Chromium")
    URI grid;

    @Option(names = "--stall-cap-s", paramLabel = "S", defaultValue = "120",
            description = "abort a session when no chunk arrives for this long (default ${DEFAULT-VALUE} s)")
    int stallCapS;

    ServerHandle open(Path inProcessResults, String bindHost) {
        return open(inProcessResults, bindHost, Optional.empty());
    }

    /** @param decisionSocket the in-process server also listens there (ignored for --server: that one has its own) */
    ServerHandle open(Path inProcessResults, String bindHost, Optional<Path> decisionSocket) {
        if (server != null) {
            if (serverResults == null) {
                throw new IllegalArgumentException("--server needs --server-results DIR (the per-chunk logs are copied from it)");
            }
            return new RemoteServer(server, RepoRoot.userPath(serverResults));
        }
        Path root = RepoRoot.get();
        // trace ids are traces/<set>/<file> (protocol.md §1): the traces root is the repo's traces/ folder
        return InProcessServer.start(root.resolve(TRACES_DIR), root.resolve(content), inProcessResults, bindHost, decisionSocket);
    }

    BrowserConfig browsers() {
        if (stallCapS < 1) {
            throw new IllegalArgumentException("--stall-cap-s must be >= 1, got " + stallCapS);
        }
        BrowserConfig local = BrowserConfig.local();
        BrowserConfig c = new BrowserConfig(local.chromium(), local.chromedriver(), grid, local.pollInterval(),
                java.time.Duration.ofSeconds(stallCapS));
        c.checkLocalBinaries();
        return c;
    }
}
