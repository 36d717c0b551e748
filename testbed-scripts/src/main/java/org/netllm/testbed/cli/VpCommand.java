package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./testbed vp <sub>}: the viewport-prediction task (viewport-predictor/README.md). */
@Command(name = "vp", mixinStandardHelpOptions = true,
        description = "Viewport prediction (360° video): in-situ evaluation, bundled data import.",
        subcommands = {
                VpEvaluateCommand.class,
                VpImportDataCommand.class,
                VpTrainCommand.class,
                VpBenchCommand.class,
                VpBuildDefaultCommand.class,
        })
public final class VpCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
