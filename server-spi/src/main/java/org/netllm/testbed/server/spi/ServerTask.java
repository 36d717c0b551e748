package org.netllm.testbed.server.spi;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One task the testbed server serves (ABR, viewport prediction, cluster job scheduling): its HTTP routes, its
 * optional sessions, its catalog entry and metrics. The server core knows tasks only through this interface; the
 * CLI wiring composes the list, so adding a task is its own module plus one registration line
 * (docs/task-spi.md).
 *
 * <p>Lifecycle: the server calls {@link #start} once, before it listens, on a non-event-loop thread (a task may
 * open its model there); {@link #close} once after it stopped listening and ended the task's sessions. A task
 * owns what it opened in {@code start} and frees it in {@code close}.
 */
public interface ServerTask extends AutoCloseable {

    /** Lower-case letters, digits and '-': used in paths, metric names and the catalog. */
    Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** Short id, e.g. "abr", "vp", "cjs" ({@link #NAME}). */
    String name();

    /**
     * Path prefix of this task's routes; {@code /api/<name>} unless the task's wire protocol fixed other paths
     * before the seam existed (ABR's {@code /api/sessions}, {@code /pensieve}, {@code /s}: the task then returns
     * {@code ""} and registers absolute paths, which the core checks against every other task's prefix).
     */
    default String prefix() {
        return "/api/" + name();
    }

    /** Mounts routes, creates executors, opens models. Called once, before the server listens. */
    void start(TaskContext context) throws Exception;

    /** This task's entry in {@code GET /api/catalog} under {@code tasks.<name>}; called off the event loop. */
    Map<String, Object> catalog();

    /** The task's sessions when it has any (ABR streaming sessions, CJS episodes): counted, expired, ended. */
    default Optional<TaskSessions> sessions() {
        return Optional.empty();
    }

    /** Frees what {@link #start} opened; the server has stopped listening and ended this task's sessions. */
    @Override
    void close();
}
