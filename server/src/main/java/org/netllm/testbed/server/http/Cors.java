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
            if (!policy.originAllowed(origin, authority)) {
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

    private static String quote(String v) {
        return v.length() <= MAX_QUOTED ? v : v.substring(0, MAX_QUOTED) + "...";
    }
}
