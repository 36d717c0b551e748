package org.netllm.testbed.server.spi;

/**
 * Server-wide bounds a task's routes and sessions share (every port is reachable by a hostile client).
 *
 * @param bodyLimitBytes largest request body any route accepts (413 beyond; applied by the core)
 * @param maxSessions    most live sessions per task (503 beyond; {@link SessionTable} and ABR enforce it)
 */
public record ServerLimits(long bodyLimitBytes, int maxSessions) {

    public ServerLimits {
        if (bodyLimitBytes <= 0 || maxSessions <= 0) {
            throw new IllegalArgumentException("limits must be > 0, got body " + bodyLimitBytes + ", sessions "
                    + maxSessions);
        }
    }
}
