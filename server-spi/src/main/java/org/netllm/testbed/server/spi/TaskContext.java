package org.netllm.testbed.server.spi;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.netllm.testbed.netllm.serve.ModelService;

/** What the server core hands a task in {@link ServerTask#start}. */
public interface TaskContext {

    /** Where the task mounts its routes (under its prefix, with the server's shared policies). */
    TaskRoutes routes();

    /** Meters named {@code testbed.<task>.<metric>} on the server's {@code /metrics}. */
    TaskMetrics metrics();

    /**
     * The process's model service (shared backbone, per-task adapter/head, batching), when the process was started
     * with one; a task that needs a model fails {@code start} with a clear message without it.
     */
    Optional<ModelService> models();

    /**
     * The server's shared worker pool, for short blocking work (file reads, CPU-bound decisions of a few ms).
     * Never block an event loop; long or GPU work belongs on the model service or the task's own executor.
     */
    Executor blocking();

    /** The server's Vert.x instance (timers, file system); do not close it. */
    Vertx vertx();

    /** Limits every task honours. */
    ServerLimits limits();

    /** This task's own results folder, {@code <results>/<task>} (created on first use by the task). */
    Path resultsDir();
}
