package org.netllm.testbed.server.spi;

/** One session in a {@link SessionTable}: an id, activity time and an end that frees its resources. */
public interface TaskSession {

    String id();

    /** {@link System#nanoTime()} of the last request that used this session. */
    long lastActivityNanos();

    /** False once {@link #end} ran. */
    boolean active();

    /**
     * Ends the session: writes its final record and frees what it holds (model state, files). Called at most once
     * by the table, on a worker thread, never concurrently with the session's own requests when the task
     * serialises them.
     */
    void end(String reason);
}
