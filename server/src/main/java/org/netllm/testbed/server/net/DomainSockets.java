package org.netllm.testbed.server.net;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Unix-domain sockets for the decision path that bypasses Mahimahi's link: the server listens on a
 * socket file, and a relay inside the shell's network namespace reaches it through the file system
 * (network namespaces do not separate path-named Unix sockets). Vert.x needs Netty's native epoll
 * transport for them; this class fails with a clear message when it is missing instead of Vert.x's
 * generic "domain sockets not supported".
 */
public final class DomainSockets {

    /** {@code sockaddr_un.sun_path} is 108 bytes on Linux, including the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;
    /** {@code S_IFMT} / {@code S_IFSOCK} from stat(2): the file-type bits of "unix:mode". */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private DomainSockets() {
    }

    /** A Vert.x instance with the native transport, or a clear error naming why there is none. */
    public static Vertx nativeVertx() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        if (!vertx.isNativeTransportEnabled()) {
            Throwable cause = vertx.unavailableNativeTransportCause();
            vertx.close();
            throw new IllegalStateException("Unix-domain decision sockets need Netty's native epoll transport "
                    + "(io.netty:netty-transport-native-epoll, linux-x86_64) on the classpath of a Linux x86-64 JVM; "
                    + "it is unavailable: " + (cause == null ? "unknown reason" : cause.getMessage()), cause);
        }
        return vertx;
    }

    /** Checks the path (absolute form fits {@code sun_path}) and returns its Vert.x address. */
    public static SocketAddress address(Path socket) {
        Path abs = checkedPath(socket);
        return SocketAddress.domainSocketAddress(abs.toString());
    }

    /** The absolute path, or an error naming the limit when it is too long for {@code sun_path}. */
    public static Path checkedPath(Path socket) {
        Path abs = socket.toAbsolutePath().normalize();
        int bytes = abs.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("decision socket path " + abs + " is " + bytes + " bytes; Unix sockets "
                    + "allow at most " + MAX_PATH_BYTES + " (sun_path): use a shorter --out folder or --decision-socket");
        }
        return abs;
    }

    /**
     * Prepares the path for a listener: creates the parent folder and removes a stale socket left by a
     * killed server (bind would fail with "address in use"). Anything other than a socket is refused,
     * so a typo cannot delete a file.
     */
    public static void prepareForBind(Path socket) {
        Path abs = checkedPath(socket);
        try {
            Files.createDirectories(abs.getParent());
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                int mode = (Integer) Files.getAttribute(abs, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if ((mode & S_IFMT) != S_IFSOCK) {
                    throw new IllegalArgumentException("decision socket path " + abs
                            + " exists and is not a socket; refusing to replace it");
                }
                Files.delete(abs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare decision socket " + abs, e);
        }
    }

    /** Removes the socket file after the listener closed (best effort: a leftover is replaced on next bind). */
    public static void removeQuietly(Path socket) {
        try {
            Files.deleteIfExists(socket.toAbsolutePath().normalize());
        } catch (IOException e) {
            // the next prepareForBind removes a stale socket anyway
        }
    }
}
