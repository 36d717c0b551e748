package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Java side of {@code ./testbed}. Each subcommand is a small class in this package that parses
 * flags and calls into the module that owns the work.
 */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = "NetLLM real-world ABR testbed: simulator, browser sessions, experiments, NetLLM.",
        subcommands = {
                SimCommand.class, BenchCommand.class,
                VideoCommand.class,
                TracesCommand.class,
                NetllmCommand.class,
                CjsCommand.class,
                VpCommand.class,
                ServeCommand.class,
                SessionCommand.class, ExperimentCommand.class, ReportCommand.class, DemoCommand.class,
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CliErrors());
        System.exit(cli.execute(args));
    }
}
