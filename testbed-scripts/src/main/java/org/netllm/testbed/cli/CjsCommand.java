package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./testbed cjs <sub>}: cluster job scheduling (spark-sched-sim port, FIFO/Fair/Decima). */
@Command(name = "cjs", mixinStandardHelpOptions = true,
        description = "Cluster job scheduling: Spark simulator, FIFO/Fair/Decima evaluation and benchmark.",
        subcommands = {CjsEvaluateCommand.class, CjsBenchCommand.class})
public final class CjsCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
