package org.netllm.testbed.server.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The server's CORS policy (protocol.md §5 / abr-reference §9.22: the page's origin differs from the API's in
 * some setups). The decision relay answers with the same policy, so preflights never cross to the server.
 */
public final class Cors {

    static final String METHODS = "GET, HEAD, POST, OPTIONS";
    static final String HEADERS = "Content-Type, Range";
    static final String EXPOSE = "Content-Length, Content-Range, Accept-Ranges";
    private static final int NO_CONTENT = 204;

    private Cors() {
    }

    /** Route handler: adds the headers and answers a preflight itself; other requests go on. */
    public static void handle(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSE);
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS)
                    .setStatusCode(NO_CONTENT).end();
            return;
        }
        ctx.next();
    }
}
