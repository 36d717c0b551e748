package org.netllm.testbed.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./testbed netllm <sub>}: the NetLLM backbone and adapters. Add new subcommands to the list. */
@Command(name = "netllm", mixinStandardHelpOptions = true,
        description = "NetLLM: Llama-family backbone on DJL, LoRA adapters.",
        subcommands = {
                NetllmInitBackboneCommand.class,
                NetllmForwardCommand.class,
                NetllmBenchCommand.class,
        })
public final class NetllmCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
