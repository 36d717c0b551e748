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
import org.netllm.testbed.cjs.netllm.StageHead;
import org.netllm.testbed.cjs.netllm.ExperiencePool;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.serving.VpDeployment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed cjs build-default --out DIR}: the embedded NetLLM-CJS adapter's recipe in one command (its
 * MODEL_CARD.md): the pool (four Decima episodes, default setting, seeds 10..13), training on the embedded ABR backbone with
 * the fixed recipe ({@link CjsTrainCommand.Recipe}), then the best-on-validation checkpoint packed into DIR
 * (config.json, modules.safetensors, adapter/, training-metrics.jsonl). Resumable: run it again with --resume.
 */
@Command(name = "build-default", mixinStandardHelpOptions = true,
        description = "Rebuild the embedded NetLLM-CJS adapter (pool + train + pack, fixed recipe, seed 1) into DIR; copy"
                + " DIR's files to job-scheduler/src/main/resources/org/netllm/testbed/cjs/models/netllm-cjs-default/ to ship it.")
final class CjsBuildDefaultCommand implements Callable<Integer> {
    /**
     * Pool: Decima episodes on env seeds 10..13 — four episodes (≈ 21 k transitions) instead of the original's one, and
     * none of the evaluation seeds (1, 2, 3, 666) or the validation seeds (4, 5), so the reported JCTs are on unseen
     * job sequences.
     */
    static final long POOL_SEED = 10;
    static final int POOL_EPISODES = 4;
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
            if (pool.firstSeed() != POOL_SEED || pool.episodes() != POOL_EPISODES) {
                throw new IllegalArgumentException(poolFile + " holds episodes " + pool.firstSeed() + ".." + (pool.firstSeed()
                        + pool.episodes() - 1) + ", not this recipe's " + POOL_SEED + ".." + (POOL_SEED + POOL_EPISODES - 1)
                        + "; delete it or use another --out");
            }
        } else {
            pool = CjsPoolCommand.collect(SimConfig.defaults(), POOL_SEED, POOL_EPISODES);
            pool.write(poolFile);
            System.out.printf(Locale.ROOT, "pool: %d transitions (Decima, %d episodes, seeds %d..%d)%n", pool.transitions().size(),
                    POOL_EPISODES, POOL_SEED, POOL_SEED + POOL_EPISODES - 1);
        }
        Path bb = VpDeployment.sharedBackbone();
        CjsTrainingSettings s = new CjsTrainingSettings(CjsTrainCommand.Recipe.STEPS, CjsTrainCommand.Recipe.ACCUM,
                CjsTrainCommand.Recipe.LR, CjsTrainingSettings.SPEC_WEIGHT_DECAY, CjsTrainCommand.Recipe.WARMUP,
                CjsTrainingSettings.SPEC_CLIP, CjsTrainCommand.Recipe.RANK, CjsTrainCommand.Recipe.FEATURE_DIM,
                CjsTrainCommand.Recipe.TIME_EMBEDDING_STD,
                CjsTrainingSettings.SPEC_WINDOW, CjsTrainCommand.maxPositions(bb), CjsTrainCommand.Recipe.SEED,
                CjsTrainCommand.Recipe.EVAL_EVERY, CjsTrainCommand.Recipe.VALID_JOBS, CjsTrainCommand.Recipe.VALID_SEED,
                CjsTrainCommand.Recipe.VALID_EPISODES, CjsTrainCommand.Recipe.VALID_GREEDY,
                CjsTrainingSettings.SPEC_VALID_MAX_DECISIONS, BUDGET, StageHead.parse(CjsTrainCommand.Recipe.STAGE_HEAD_NAME));
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
