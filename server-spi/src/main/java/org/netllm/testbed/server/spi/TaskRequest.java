package org.netllm.testbed.server.spi;

/**
 * One parsed request to a {@link JsonRoute}.
 *
 * @param body          the JSON object body ({@code null} for GET routes)
 * @param params        path parameters
 * @param receivedNanos {@link System#nanoTime()} when the body was available (start of a latency measurement)
 */
public record TaskRequest(JsonBody body, PathParams params, long receivedNanos) {

    /** Path parameters of the matched route. */
    @FunctionalInterface
    public interface PathParams {
        /** The parameter, or a 400 naming it when absent. */
        String get(String name);
    }

    /** The path parameter {@code name}. */
    public String param(String name) {
        return params.get(name);
    }

    /** The body, or a 400 when the route got none. */
    public JsonBody requireBody() {
        if (body == null) {
            throw RequestException.badRequest("expected a JSON body");
        }
        return body;
    }
}
