package org.netllm.testbed.cli;

import picocli.CommandLine;

/**
 * Bad input (files, flags, checkpoints) ends with one clear line naming the problem, not a stack
 * trace; set TESTBED_DEBUG=1 for the trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cmd.getErr().println("error: " + msg);
        if (System.getenv("TESTBED_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        return 2;
    }
}
