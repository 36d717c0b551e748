package org.netllm.testbed.server.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.netllm.testbed.server.config.ServerConfig;
import org.netllm.testbed.server.net.DomainSockets;

/**
 * Settings of a {@link DecisionRelay}.
 *
 * @param host            bind address; loopback, which inside a Mahimahi shell is the namespace's own, unshaped
 * @param port            TCP port, 0 = ephemeral
 * @param socket          the server's Unix-domain decision socket
 * @param bodyLimitBytes  largest request body forwarded (larger: 413 without contacting the server)
 * @param upstreamTimeout connect and idle timeout towards the socket (a hung server becomes a 502, not a hang)
 */
public record RelayConfig(String host, int port, Path socket, long bodyLimitBytes, Duration upstreamTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Same limit as the server's, so the relay never forwards what the server would refuse. */
    public static final long DEFAULT_BODY_LIMIT_BYTES = ServerConfig.DEFAULT_BODY_LIMIT_BYTES;
    /** Far above any decision time (NetLLM p99 ≈ 0.2 s at 64 sessions), far below the session's stall cap. */
    public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofSeconds(30);

    public RelayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        socket = DomainSockets.checkedPath(Objects.requireNonNull(socket, "socket"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("relay port must be in 0..65535, got " + port);
        }
        if (bodyLimitBytes <= 0) {
            throw new IllegalArgumentException("relay body limit must be > 0, got " + bodyLimitBytes);
        }
        if (upstreamTimeout.isNegative() || upstreamTimeout.isZero()) {
            throw new IllegalArgumentException("relay upstream timeout must be > 0, got " + upstreamTimeout);
        }
    }

    /** Loopback, the given port, default limits. */
    public static RelayConfig of(Path socket, int port) {
        return new RelayConfig(DEFAULT_HOST, port, socket, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_UPSTREAM_TIMEOUT);
    }
}
