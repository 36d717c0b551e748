package org.netllm.testbed.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.netllm.testbed.abr.qoe.QoeParams;

/**
 * Every server setting in one typed place.
 *
 * @param host            bind address; loopback by default so an experiment host is not exposed
 * @param port            TCP port, 0 = ephemeral (tests)
 * @param contentRoot     DASH content: {@code <root>/<video>/manifest.mpd}, {@code <q>/init.mp4}, {@code <q>/<n>.m4s}
 * @param resultsDir      per-session logs go to {@code <results>/<session>/}
 * @param tracesRoot      trace files; trace ids are {@code <rootFolderName>/<set>/<file>} (docs/protocol.md §1)
 * @param qoe             λ/γ for the server-side QoE (λ = 4.3, docs/reference/abr.md §4.1/§9.8)
 * @param initialQuality  quality of chunk 0, fetched before any decision (1 as the GENET client, docs/reference/abr.md §8.4)
 * @param bodyLimitBytes  largest accepted request body
 * @param workerThreads   threads that run ABR decisions off the event loop
 * @param link            link defaults for sessions that do not say
 * @param sessionIdle     an active session with no request for this long is ended as "timeout"
 * @param sampling        learned actors sample their action (GENET/NetLLM behaviour, docs/reference/abr.md §9.19)
 * @param seed            base seed; session n gets {@code seed + n}
 * @param decisionSocket  optional Unix-domain socket on which the same routes are served as well, for the
 *                        Mahimahi decision relay (decisions bypass mm-link; server.net.DomainSockets)
 * @param maxSessions     most live sessions per task (503 past it): each ABR session holds a link emulator, a
 *                        trace and open log files, so an unbounded count lets any client exhaust the process
 * @param trustedHosts    host names (besides "localhost" and IP literals) accepted in Host and Origin headers, e.g.
 *                        the --public-host that Grid browsers use (DNS-rebinding defence, http.OriginPolicy)
 * @param connectionIdle  a connection with no traffic for this long is closed; a request's headers must arrive
 *                        within {@link #HEADER_READ_TIMEOUT} (slow clients cannot hold connections open)
 */
public record ServerConfig(
        String host,
        int port,
        Path contentRoot,
        Path resultsDir,
        Path tracesRoot,
        QoeParams qoe,
        int initialQuality,
        long bodyLimitBytes,
        int workerThreads,
        LinkSpec link,
        Duration sessionIdle,
        boolean sampling,
        long seed,
        Optional<Path> decisionSocket,
        int maxSessions,
        java.util.List<String> trustedHosts,
        Duration connectionIdle) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** docs/reference/abr.md §1 / §8.4: the real dash.js client starts at quality 1. */
    public static final int DEFAULT_INITIAL_QUALITY = 1;
    /** Decision and event bodies are a few hundred bytes; 256 KiB leaves room for event batches. */
    public static final long DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
    public static final int DEFAULT_WORKER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Longer than any stall a 60 s buffer player survives, shorter than a forgotten tab. */
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofMinutes(5);
    public static final long DEFAULT_SEED = 42;
    /**
     * An experiment runs a handful of browsers and the server bench 100 paced sessions; 256 leaves room for both
     * while bounding what a flood of creations can hold.
     */
    public static final int DEFAULT_MAX_SESSIONS = 256;
    /**
     * Longer than any outage in the shipped traces during which a shaped transfer writes nothing, short enough
     * that a flood of idle connections drains.
     */
    public static final Duration DEFAULT_CONNECTION_IDLE = Duration.ofMinutes(2);
    /** A request's headers are a few hundred bytes: a client taking longer than this is holding the socket. */
    public static final Duration HEADER_READ_TIMEOUT = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(contentRoot, "contentRoot");
        Objects.requireNonNull(resultsDir, "resultsDir");
        Objects.requireNonNull(tracesRoot, "tracesRoot");
        Objects.requireNonNull(qoe, "qoe");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(decisionSocket, "decisionSocket");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (initialQuality < 0) {
            throw new IllegalArgumentException("initial quality must be >= 0, got " + initialQuality);
        }
        if (bodyLimitBytes <= 0 || workerThreads <= 0) {
            throw new IllegalArgumentException("body limit and worker threads must be > 0");
        }
        Objects.requireNonNull(connectionIdle, "connectionIdle");
        trustedHosts = java.util.List.copyOf(trustedHosts);
        if (connectionIdle.isNegative() || connectionIdle.isZero()) {
            throw new IllegalArgumentException("connection idle timeout must be > 0, got " + connectionIdle);
        }
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("max sessions must be > 0, got " + maxSessions);
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero()) {
            throw new IllegalArgumentException("session idle timeout must be > 0, got " + sessionIdle);
        }
    }

    /** Defaults for everything but the three folders. */
    public static ServerConfig defaults(Path contentRoot, Path resultsDir, Path tracesRoot) {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, contentRoot, resultsDir, tracesRoot, QoeParams.NETLLM,
                DEFAULT_INITIAL_QUALITY, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_WORKER_THREADS, LinkSpec.DEFAULT,
                DEFAULT_SESSION_IDLE, true, DEFAULT_SEED, Optional.empty(), DEFAULT_MAX_SESSIONS,
                java.util.List.of(), DEFAULT_CONNECTION_IDLE);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, sessionIdle, sampling, seed, decisionSocket, maxSessions, trustedHosts, connectionIdle);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, sessionIdle, sampling, seed, decisionSocket, maxSessions, trustedHosts, connectionIdle);
    }

    public ServerConfig withSessionIdle(Duration d) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, d, sampling, seed, decisionSocket, maxSessions, trustedHosts, connectionIdle);
    }

    public ServerConfig withBodyLimit(long bytes) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bytes,
                workerThreads, link, sessionIdle, sampling, seed, decisionSocket, maxSessions, trustedHosts, connectionIdle);
    }

    public ServerConfig withWorkerThreads(int n) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                n, link, sessionIdle, sampling, seed, decisionSocket, maxSessions, trustedHosts, connectionIdle);
    }

    /** Also serve on this Unix-domain socket (absolute path, at most {@code DomainSockets.MAX_PATH_BYTES}). */
    public ServerConfig withDecisionSocket(Path socket) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, sessionIdle, sampling, seed, Optional.of(socket), maxSessions, trustedHosts, connectionIdle);
    }

    public ServerConfig withMaxSessions(int n) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, sessionIdle, sampling, seed, decisionSocket, n, trustedHosts, connectionIdle);
    }

    /** Also accept these host names in Host/Origin headers (e.g. the --public-host of Grid runs). */
    public ServerConfig withTrustedHosts(java.util.List<String> hosts) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, sessionIdle, sampling, seed, decisionSocket, maxSessions, hosts, connectionIdle);
    }

    public ServerConfig withConnectionIdle(Duration d) {
        return new ServerConfig(host, port, contentRoot, resultsDir, tracesRoot, qoe, initialQuality, bodyLimitBytes,
                workerThreads, link, sessionIdle, sampling, seed, decisionSocket, maxSessions, trustedHosts, d);
    }

    /** The bounds every task shares (docs/task-spi.md). */
    public org.netllm.testbed.server.spi.ServerLimits limits() {
        return new org.netllm.testbed.server.spi.ServerLimits(bodyLimitBytes, maxSessions);
    }
}
