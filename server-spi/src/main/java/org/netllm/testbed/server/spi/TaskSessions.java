package org.netllm.testbed.server.spi;

/**
 * A task's live sessions as the server core sees them: counted for {@code /health} and {@code /metrics}, expired
 * when idle, ended on shutdown. {@link SessionTable} implements it for tasks whose sessions fit its model; ABR has
 * its own registry (trace-driven links, results folders) that implements it directly.
 */
public interface TaskSessions {

    /** Sessions not yet ended. */
    long activeCount();

    /** Ends sessions idle for longer than the task's timeout and forgets ended ones; must not block. */
    void expireIdle(long nowNanos);

    /** Ends every live session (server shutdown), waiting for their final records to be written. */
    void endAll(String detail);
}
