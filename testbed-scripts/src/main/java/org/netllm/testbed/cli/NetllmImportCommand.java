package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.netllm.AbrCheckpointImport;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netllm import}: NetLLM's original ABR checkpoint (PEFT adapter + modules_except_plm.bin)
 * on top of a base model folder → our checkpoint folder. The return statistics are not stored in
 * the original checkpoint (docs/reference/abr.md §7.6) and must be given.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import an original NetLLM ABR checkpoint into a testbed checkpoint folder.")
final class NetllmImportCommand implements Callable<Integer> {

    @Option(names = "--base", required = true, description = "Hugging Face base model folder (config.json + safetensors).")
    Path base;

    @Option(names = "--adapter", description = "PEFT LoRA folder (adapter_config.json + adapter_model.safetensors|.bin).")
    Path adapter;

    @Option(names = "--modules", required = true, description = "modules_except_plm.bin of the NetLLM checkpoint.")
    Path modules;

    @Option(names = "--out", required = true, description = "Output checkpoint folder.")
    Path out;

    @Option(names = "--w", defaultValue = "10", description = "Context window w (paper: 10; code default 20). Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--which-layer", defaultValue = "-1", description = "Early exit after this layer; -1 = all. Default: ${DEFAULT-VALUE}.")
    int whichLayer;

    @Option(names = "--min-reward", description = "Experience-pool minimum raw reward (required).")
    Double minReward;

    @Option(names = "--max-reward", description = "Experience-pool maximum raw reward (required).")
    Double maxReward;

    @Option(names = "--max-return", description = "Experience-pool maximum processed return (required).")
    Double maxReturn;

    @Option(names = "--max-timestep", defaultValue = "46", description = "Largest pool timestep. Default: ${DEFAULT-VALUE}.")
    int maxTimestep;

    @Option(names = "--scale", defaultValue = "1000", description = "Return scale (--scale of run_plm.py). Default: ${DEFAULT-VALUE}.")
    double scale;

    @Override
    public Integer call() throws Exception {
        StringBuilder missing = new StringBuilder();
        if (minReward == null) {
            missing.append(" --min-reward");
        }
        if (maxReward == null) {
            missing.append(" --max-reward");
        }
        if (maxReturn == null) {
            missing.append(" --max-return");
        }
        if (missing.length() > 0) {
            throw new IllegalArgumentException("missing" + missing + ": NetLLM recomputes these from its experience pool and"
                    + " does not save them with the checkpoint (docs/reference/abr.md §7.6); give the values of the training pool");
        }
        if (window < 1) {
            throw new IllegalArgumentException("--w must be >= 1, got " + window);
        }
        ReturnNormalisation norm = new ReturnNormalisation(minReward, maxReward, maxReturn, maxTimestep, scale);
        DtCheckpointConfig cfg = AbrCheckpointImport.run(new AbrCheckpointImport.Request(base, Optional.ofNullable(adapter),
                modules, out, window, whichLayer, norm));
        System.out.printf("imported %s: hidden %d, state_feature_dim %d, %d timestep rows, w %d, adapter %s -> %s%n",
                modules, cfg.hiddenSize(), cfg.taskDims().get("state_feature_dim"), cfg.timestepRows(), cfg.window(),
                cfg.hasAdapter() ? "yes" : "no", out);
        return 0;
    }
}
