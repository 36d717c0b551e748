package org.netllm.testbed.experiment;

import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.http.TestbedServer;
import org.netllm.testbed.server.session.ContentVideoLibrary;
import org.netllm.testbed.server.session.NetemLinks;
import org.netllm.testbed.serving.ServerAssembly;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Vert.x server started in this JVM on an ephemeral port, wired like {@code ./testbed serve}:
 * {@link ServerAssembly}'s tasks and model service, the DASH content folder, and the server's {@link NetemLinks}
 * (per session a trace-driven link whose trace time zero is the session's creation).
 */
public final class InProcessServer implements ServerHandle {

    public static final String LOOPBACK = "127.0.0.1";
    /** For Mahimahi shells, which reach the host through their own interface. */
    public static final String ALL_INTERFACES = "0.0.0.0";

    private final ServerAssembly assembly;
    private final TestbedServer server;
    private final URI base;

    private InProcessServer(ServerAssembly assembly, URI base) {
        this.assembly = assembly;
        this.server = assembly.server();
        this.base = base;
    }

    /**
     * @param tracesRoot folder whose name prefixes trace ids ({@code traces/<set>/<file>}, docs/protocol.md §1)
     */
    public static InProcessServer start(Path tracesRoot, Path contentRoot, Path resultsDir, String host) {
        return start(tracesRoot, contentRoot, resultsDir, host, Optional.empty(), List.of(), List.of());
    }

    /** @param decisionSocket also serve on this Unix-domain socket (for a decision relay) */
    public static InProcessServer start(Path tracesRoot, Path contentRoot, Path resultsDir, String host,
                                        Optional<Path> decisionSocket) {
        return start(tracesRoot, contentRoot, resultsDir, host, decisionSocket, List.of(), List.of());
    }

    /**
     * @param decisionSocket also serve on this Unix-domain socket (for a decision relay)
     * @param netllmModels   the "netllm:PATH" algorithm names of this run (from its flags), registered at start-up
     * @param trustedHosts   host names browsers use for this server besides IP literals and localhost (--public-host)
     */
    public static InProcessServer start(Path tracesRoot, Path contentRoot, Path resultsDir, String host,
                                        Optional<Path> decisionSocket, List<String> netllmModels,
                                        List<String> trustedHosts) {
        if (!Files.isDirectory(contentRoot)) {
            throw new IllegalArgumentException("content root " + contentRoot + " does not exist; generate the video first: ./testbed video");
        }
        try {
            Files.createDirectories(resultsDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the server results folder " + resultsDir + ": " + e.getMessage(), e);
        }
        ServerConfig base = ServerConfig.defaults(contentRoot, resultsDir, tracesRoot).withHost(host).withPort(0)
                .withTrustedHosts(trustedHosts);
        ServerConfig config = decisionSocket.map(base::withDecisionSocket).orElse(base);
        ServerAssembly assembly = ServerAssembly.start(config, ContentVideoLibrary.dashContent(contentRoot),
                new NetemLinks(), netllmModels);
        TestbedServer server = assembly.server();
        // a wildcard bind is still reached over loopback from this process
        String reachable = ALL_INTERFACES.equals(host) ? LOOPBACK : host;
        return new InProcessServer(assembly, URI.create("http://" + reachable + ":" + server.port() + "/"));
    }

    @Override
    public URI baseUrl() {
        return base;
    }

    @Override
    public Path resultsDir() {
        return server.config().resultsDir();
    }

    @Override
    public void close() {
        assembly.close();
    }
}
