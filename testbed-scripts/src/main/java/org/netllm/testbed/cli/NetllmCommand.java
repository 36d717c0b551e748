package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code netllm}: the NetLLM framework's commands (backbone, checkpoints, replay). */
@Command(name = "netllm", mixinStandardHelpOptions = true,
        description = "NetLLM: backbone, checkpoint import and policy replay.",
        subcommands = {
            NetllmImportCommand.class,
        })
final class NetllmCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
