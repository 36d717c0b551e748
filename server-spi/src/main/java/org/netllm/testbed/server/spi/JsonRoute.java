package org.netllm.testbed.server.spi;

import java.util.concurrent.CompletionStage;

/** A task's JSON endpoint: request in, a future reply out (see {@link TaskRoutes#postJson}). */
@FunctionalInterface
public interface JsonRoute {

    /**
     * Runs on the event loop: validate (throw {@link RequestException}, e.g. via {@link JsonBody}'s typed
     * accessors), then hand the work off and return its future. The completed value is serialised with Jackson;
     * a {@link TaskReply} sets the status. A future failed with a {@link RequestException} becomes that 4xx.
     */
    CompletionStage<?> handle(TaskRequest request);
}
