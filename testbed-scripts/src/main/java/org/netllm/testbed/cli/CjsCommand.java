package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./testbed cjs <sub>}: cluster job scheduling (spark-sched-sim port, FIFO/Fair/Decima/NetLLM-CJS). */
@Command(name = "cjs", mixinStandardHelpOptions = true,
        description = "Cluster job scheduling: Spark simulator, FIFO/Fair/Decima/NetLLM-CJS evaluation, benchmark, pool and training.",
        subcommands = {CjsEvaluateCommand.class, CjsBenchCommand.class, CjsPoolCommand.class, CjsTrainCommand.class,
                CjsBuildDefaultCommand.class})
public final class CjsCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
