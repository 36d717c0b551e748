package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./testbed bench <what>}: throughput/latency figures printed to stdout. Each benchmark is its
 * own subcommand class; add new ones to {@code subcommands}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Print performance figures (simulator steps/s, per-decision latency, ...).",
        subcommands = {
                BenchSimCommand.class,
                BenchServerCommand.class,
                BenchDecisionsCommand.class,
                BenchNetllmCommand.class,
        })
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark, e.g. 'bench sim'");
    }
}
