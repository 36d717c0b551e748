package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.netllm.NetLlmAbrModel;
import org.netllm.testbed.abr.netllm.NetLlmAbrSession;
import org.netllm.testbed.abr.netllm.NetLlmReplay;
import org.netllm.testbed.abr.netllm.QualityChooser;
import org.netllm.testbed.netllm.adapt.LlamaDtBackboneLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netllm replay}: feeds recorded steps through the NetLLM ABR policy's inference path
 * (deques, window, LayerNorm, backbone + LoRA, head) and writes the head logits per step.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay steps [{state, return, timestep, action?}] through a NetLLM ABR checkpoint; write logits.")
final class NetllmReplayCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Checkpoint folder made by `netllm import`.")
    Path model;

    @Option(names = "--steps", required = true, description = "JSON array of {\"state\": 6x6, \"return\": R, \"timestep\": t, \"action\": q?}.")
    Path steps;

    @Option(names = "--out", required = true, description = "Output JSON: [{\"logits\": [6], \"action\": q}, ...].")
    Path out;

    @Option(names = "--w", description = "Override the checkpoint's context window w.")
    Integer window;

    @Option(names = "--sample", description = "Sample the action from softmax(logits) instead of argmax.")
    boolean sample;

    @Option(names = "--seed", defaultValue = "100003", description = "Sampling seed. Default: ${DEFAULT-VALUE} (NetLLM's).")
    long seed;

    @Override
    public Integer call() throws Exception {
        List<NetLlmReplay.Step> input = NetLlmReplay.readSteps(steps);
        QualityChooser chooser = sample ? QualityChooser.sampling(seed) : QualityChooser.argmax();
        try (NetLlmAbrModel m = NetLlmAbrModel.open(model, LlamaDtBackboneLoader.INSTANCE, Optional.ofNullable(window));
                NetLlmAbrSession session = new NetLlmAbrSession(m, 1.0, chooser)) {
            NetLlmReplay.writeDecisions(out, NetLlmReplay.run(session, input));
        }
        System.out.printf("replayed %d steps through %s -> %s%n", input.size(), model, out);
        return 0;
    }
}
