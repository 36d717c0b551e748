package org.netllm.testbed.server.spi;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Route registration for one task. Paths are relative to the task's {@link ServerTask#prefix()}; Vert.x path
 * syntax ({@code /episodes/:id/decide}). Every route gets the server's shared policies before the task's handler
 * runs: the Host/Origin check and CORS headers, the body-size limit (413), and the failure handler that turns a
 * {@link RequestException} into {@code {"error": ...}} with its status (anything else is a logged 500).
 */
public interface TaskRoutes {

    /**
     * A JSON endpoint: the core requires {@code Content-Type: application/json} (415), parses the body as a JSON
     * object (400 naming the problem), calls {@code handler} on the event loop, and writes the completed value as
     * JSON (200, or a {@link TaskReply}'s status). The handler must not block: return a future completed by
     * {@link TaskContext#blocking()}, the model service or the task's own executor.
     */
    void postJson(String path, JsonRoute handler);

    /** A JSON GET (no body): same reply and error handling as {@link #postJson}. */
    void getJson(String path, JsonRoute handler);

    /**
     * A raw Vert.x handler for what JSON routes cannot express (media, text replies); shared policies still
     * apply. The handler runs on the event loop and must not block.
     */
    void raw(HttpMethod method, String path, Handler<RoutingContext> handler);

    /** As {@link #raw} with a regular expression over the path after the prefix (named groups become params). */
    void rawRegex(HttpMethod method, String regex, Handler<RoutingContext> handler);
}
