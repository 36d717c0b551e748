package org.netllm.testbed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.cjs.netllm.CjsCheckpoint;
import org.netllm.testbed.cjs.netllm.CjsTrainer;
import org.netllm.testbed.cjs.netllm.CjsTrainingSettings;
import org.netllm.testbed.cjs.netllm.ExperiencePool;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.serving.VpDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed cjs build-default --out DIR}: the embedded NetLLM-CJS adapter's recipe in one command (its
 * MODEL_CARD.md): the pool (one Decima episode, default setting, seed 1), training on the embedded ABR backbone with
 * the fixed recipe ({@link CjsTrainCommand.Recipe}), then the best-on-validation checkpoint packed into DIR
 * (config.json, modules.safetensors, adapter/, training-metrics.jsonl). Resumable: run it again with --resume.
 */
@Command(name = "build-default", mixinStandardHelpOptions = true,
        description = "Rebuild the embedded NetLLM-CJS adapter (pool + train + pack, fixed recipe, seed 1) into DIR; copy"
                + " DIR's files to job-scheduler/src/main/resources/org/netllm/testbed/cjs/models/netllm-cjs-default/ to ship it.")
final class CjsBuildDefaultCommand implements Callable<Integer> {
    static final long POOL_SEED = 1;
    static final Duration BUDGET = Duration.ofMinutes(60);

    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--resume", description = "continue DIR/run from its last validation point") boolean resume;

    @Override
    public Integer call() throws Exception {
        Path dir = RepoRoot.userPath(out);
        Files.createDirectories(dir);
        Path poolFile = dir.resolve("pool.bin.gz");
        ExperiencePool pool;
        if (Files.isRegularFile(poolFile)) {
            pool = ExperiencePool.read(poolFile);
        } else {
            pool = CjsPoolCommand.collect(SimConfig.defaults(), POOL_SEED, 1);
            pool.write(poolFile);
            System.out.printf(Locale.ROOT, "pool: %d transitions (Decima, seed %d)%n", pool.transitions().size(), POOL_SEED);
        }
        Path bb = VpDeployment.sharedBackbone();
        CjsTrainingSettings s = new CjsTrainingSettings(CjsTrainCommand.Recipe.STEPS, CjsTrainCommand.Recipe.ACCUM,
                CjsTrainCommand.Recipe.LR, CjsTrainingSettings.SPEC_WEIGHT_DECAY, CjsTrainCommand.Recipe.WARMUP,
                CjsTrainingSettings.SPEC_CLIP, CjsTrainCommand.Recipe.RANK, CjsTrainCommand.Recipe.FEATURE_DIM,
                CjsTrainingSettings.SPEC_WINDOW, CjsTrainCommand.maxPositions(bb), CjsTrainCommand.Recipe.SEED,
                CjsTrainCommand.Recipe.EVAL_EVERY, CjsTrainCommand.Recipe.VALID_JOBS, CjsTrainCommand.Recipe.VALID_SEED, BUDGET);
        Path run = dir.resolve("run");
        int rc = CjsTrainCommand.train(s, pool, bb, CjsTrainCommand.EMBEDDED_BACKBONE, run, resume);
        if (rc != 0) {
            System.err.println("training stopped at the time budget; nothing packed (continue with --resume)");
            return rc;
        }
        pack(run, dir);
        System.out.println("packed " + run.resolve(CjsTrainer.BEST_DIR) + " into " + dir);
        return 0;
    }

    static void pack(Path run, Path dir) throws java.io.IOException {
        Path best = run.resolve(CjsTrainer.BEST_DIR);
        Files.createDirectories(dir.resolve(CjsCheckpoint.ADAPTER_DIR));
        for (String f : List.of(CjsCheckpoint.CONFIG_FILE, CjsCheckpoint.MODULES_FILE, "adapter/adapter_config.json",
                "adapter/adapter_model.safetensors")) {
            Files.copy(best.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(run.resolve(CjsTrainer.METRICS_FILE), dir.resolve(CjsCheckpoint.METRICS_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
}
