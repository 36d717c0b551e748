package org.netllm.testbed.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import org.netllm.testbed.server.spi.RequestException;

/**
 * The server's Host and cross-origin policy ({@link OriginPolicy}; docs/protocol.md §5 / docs/reference/abr.md §9.22: the page's
 * origin differs from the API's in some setups, e.g. the Mahimahi relay). A request whose Host does not name this
 * server is refused (400 without one, 403 otherwise); a browser request from a foreign Origin is refused with 403
 * before any handler runs (a form post needs no preflight, so the headers alone would not stop it); an allowed
 * Origin is echoed with {@code Vary: Origin}. The decision relay answers with the same handler.
 */
public final class Cors {

    static final String METHODS = "GET, HEAD, POST, OPTIONS";
    static final String HEADERS = "Content-Type, Range";
    static final String EXPOSE = "Content-Length, Content-Range, Accept-Ranges";
    private static final int NO_CONTENT = 204;
    private static final int DEFAULT_HTTP_PORT = 80;
    /** Refused values are quoted in the error, cut to this length. */
    private static final int MAX_QUOTED = 100;

    private final OriginPolicy policy;

    public Cors(OriginPolicy policy) {
        this.policy = policy;
    }

    /** Route handler: checks Host and Origin, adds the headers, answers a preflight itself; other requests go on. */
    public void handle(RoutingContext ctx) {
        // the request's authority: the Host header of HTTP/1.x, :authority of HTTP/2 (the JDK client upgrades to h2c)
        io.vertx.core.net.HostAndPort authority = ctx.request().authority();
        if (authority == null) {
            throw RequestException.badRequest("missing Host header");
        }
        if (!policy.hostNameAllowed(authority.host())) {
            throw new RequestException(RequestException.FORBIDDEN, "Host '" + quote(authority.host())
                    + "' is not this server");
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            if (!sameOrigin(origin, authority) && !policy.originAllowed(origin)) {
                throw new RequestException(RequestException.FORBIDDEN, "Origin '" + quote(origin)
                        + "' may not use this server");
            }
            ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.VARY, "Origin")
                    .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
        }
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS)
                    .setStatusCode(NO_CONTENT).end();
            return;
        }
        ctx.next();
    }

    /**
     * A page served by this server under the authority the request names (already checked above) is our own page:
     * e.g. under Mahimahi with decisions across the link the page comes from the shell-side address (10.0.0.1),
     * an interface that appears only after the server started, so the policy's interface list cannot know it.
     */
    static boolean sameOrigin(String origin, io.vertx.core.net.HostAndPort authority) {
        java.net.URI u;
        try {
            u = new java.net.URI(origin);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (u.getHost() == null || !"http".equalsIgnoreCase(u.getScheme())) {
            return false;
        }
        int port = u.getPort() < 0 ? DEFAULT_HTTP_PORT : u.getPort();
        int authorityPort = authority.port() < 0 ? DEFAULT_HTTP_PORT : authority.port();
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        String authorityHost = authority.host().startsWith("[")
                ? authority.host().substring(1, authority.host().length() - 1) : authority.host();
        return port == authorityPort && host.equalsIgnoreCase(authorityHost);
    }

    private static String quote(String v) {
        return v.length() <= MAX_QUOTED ? v : v.substring(0, MAX_QUOTED) + "...";
    }
}
