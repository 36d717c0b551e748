package org.netllm.testbed.cli;

import org.netllm.testbed.browser.BrowserConfig;
import org.netllm.testbed.browser.Hosts;
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

    @Option(names = "--public-host", paramLabel = "HOST",
            description = "host name or IP of this machine that browsers on Grid nodes use to reach the server; the in-process "
                    + "server then listens on all interfaces (required with a --grid on another machine)")
    String publicHost;

    @Option(names = "--stall-cap-s", paramLabel = "S", defaultValue = "120",
            description = "abort a session when neither a chunk arrives nor playback moves for this long (default ${DEFAULT-VALUE} s)")
    int stallCapS;

    /**
     * Where the in-process server listens. With --public-host the browsers reach this machine by a name or
     * address that need not map to one local interface (DNS, NAT), so the server listens on all of them.
     */
    String bindHost(String defaultHost) {
        return publicHost != null ? InProcessServer.ALL_INTERFACES : defaultHost;
    }

    /** The origin the browsers load the player from: the server's base URL, with --public-host as its host. */
    URI browserOrigin(URI serverBase) {
        return publicHost == null ? serverBase : Hosts.withHost(serverBase, publicHost);
    }

    /**
     * @param decisionSocket the in-process server also listens there (ignored for --server: that one has its own)
     * @param algorithms     the run's algorithm names: its "netllm:PATH" ones are registered with the in-process server
     *                       at start-up (the server opens no folder a request names)
     */
    ServerHandle open(Path inProcessResults, String bindHost, Optional<Path> decisionSocket,
                      java.util.Collection<String> algorithms) {
        if (server != null) {
            if (serverResults == null) {
                throw new IllegalArgumentException("--server needs --server-results DIR (the per-chunk logs are copied from it)");
            }
            return new RemoteServer(server, RepoRoot.userPath(serverResults));
        }
        Path root = RepoRoot.get();
        // trace ids are traces/<set>/<file> (docs/protocol.md §1): the traces root is the repo's traces/ folder
        return InProcessServer.start(root.resolve(TRACES_DIR), root.resolve(content), inProcessResults, bindHost, decisionSocket,
                algorithms.stream().filter(org.netllm.testbed.abr.algo.StandardAlgorithms::isModelFolderName).toList(),
                publicHost == null ? java.util.List.of() : java.util.List.of(publicHost)); // Grid pages use that Host
    }

    /**
     * Checks --grid/--public-host before anything is written or started, and returns the browsers' config.
     *
     * @param mahimahi whether sessions run inside Mahimahi shells on this machine
     */
    BrowserConfig browsers(boolean mahimahi) {
        checkGridFlags(mahimahi);
        if (stallCapS < 1) {
            throw new IllegalArgumentException("--stall-cap-s must be >= 1, got " + stallCapS);
        }
        BrowserConfig local = BrowserConfig.local();
        BrowserConfig c = new BrowserConfig(local.chromium(), local.chromedriver(), grid, local.pollInterval(),
                java.time.Duration.ofSeconds(stallCapS));
        c.checkLocalBinaries();
        return c;
    }

    /** The --grid/--public-host refusals alone (no machine checks), for commands that must refuse them first. */
    void checkGridFlags(boolean mahimahi) {
        checkPublicHost();
        if (grid != null) {
            checkGrid(mahimahi);
        }
    }

    private void checkPublicHost() {
        if (publicHost == null) {
            return;
        }
        if (publicHost.isBlank() || publicHost.contains("/") || publicHost.contains("@")
                || (publicHost.contains(":") && !publicHost.startsWith("["))) {
            throw new IllegalArgumentException("--public-host takes a host name or IP address (IPv6 in brackets), "
                    + "not a URL or host:port, got '" + publicHost + "'");
        }
        if (server != null) {
            throw new IllegalArgumentException("--public-host applies to the in-process server; with --server the browsers "
                    + "use that URL (" + server + "), so give --server a URL the Grid nodes can reach instead");
        }
    }

    private void checkGrid(boolean mahimahi) {
        String scheme = grid.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || grid.getHost() == null) {
            throw new IllegalArgumentException("--grid must be an http(s) URL with a host, e.g. http://grid-host:4444, got " + grid);
        }
        if (mahimahi) {
            throw new IllegalArgumentException("--emulator mahimahi cannot be used with --grid: the Mahimahi shells (and the "
                    + "browsers inside them) would have to run on the Grid nodes; use --emulator builtin, where the server shapes "
                    + "each session's media and the nodes need no setup");
        }
        String browserHost = publicHost != null ? publicHost : server != null ? server.getHost() : InProcessServer.LOOPBACK;
        if (!Hosts.isLoopback(grid.getHost()) && Hosts.isLoopback(browserHost)) {
            String fix = publicHost != null ? "give --public-host a name or IP of this machine that the Grid nodes can reach, not loopback"
                    : "add --public-host HOST (a name or IP of this machine that the Grid nodes can reach)"
                    + (server != null ? " or give --server a URL they can reach" : "");
            throw new IllegalArgumentException("--grid " + grid + " is not on this machine, so its browsers cannot reach the server at "
                    + browserHost + "; " + fix);
        }
    }
}
