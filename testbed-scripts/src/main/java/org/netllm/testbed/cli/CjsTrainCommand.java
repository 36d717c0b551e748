package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.cjs.netllm.CjsTrainer;
import org.netllm.testbed.cjs.netllm.CjsTrainingSettings;
import org.netllm.testbed.cjs.netllm.ExperiencePool;
import org.netllm.testbed.cjs.netllm.StageHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed cjs train}: NetLLM-CJS from an experience pool (docs/reference/cjs.md §5.5–5.6). Defaults are the
 * embedded adapter's recipe (sized for 2 CPU cores, see its MODEL_CARD.md); the spec's values are in each flag's help.
 * Default backbone: the embedded ABR model's (one backbone, one adapter per task).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a NetLLM-CJS adapter (LoRA + state encoder, token projections, heads) from a pool; "
                + "OUT/best, OUT/last, OUT/resume, OUT/metrics.jsonl.")
final class CjsTrainCommand implements Callable<Integer> {
    /** Name recorded in config.json when training on the embedded ABR backbone. */
    static final String EMBEDDED_BACKBONE = VpTrainCommand.EMBEDDED_BACKBONE;

    @Option(names = "--pool", required = true, paramLabel = "FILE") Path pool;
    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;
    @Option(names = "--backbone", paramLabel = "DIR", description = "HF Llama folder (default: the embedded ABR model's backbone)") Path backbone;
    @Option(names = "--steps", defaultValue = "" + Recipe.STEPS, description = "training windows (default ${DEFAULT-VALUE}; spec 40 × 10 000)") int steps;
    @Option(names = "--accum", defaultValue = "" + Recipe.ACCUM, description = "windows per optimizer step (default ${DEFAULT-VALUE}; spec 32)") int accum;
    @Option(names = "--lr", defaultValue = "" + Recipe.LR, description = "AdamW lr (default ${DEFAULT-VALUE}; spec 1e-4)") double lr;
    @Option(names = "--weight-decay", defaultValue = "1e-4", description = "(default ${DEFAULT-VALUE}, as spec)") double weightDecay;
    @Option(names = "--warmup", defaultValue = "" + Recipe.WARMUP, description = "warm-up optimizer steps (default ${DEFAULT-VALUE}; spec 2000)") int warmup;
    @Option(names = "--clip", defaultValue = "0.25", description = "(default ${DEFAULT-VALUE}, as spec)") double clip;
    @Option(names = "--rank", defaultValue = "" + Recipe.RANK, description = "LoRA rank (default ${DEFAULT-VALUE}; spec 128)") int rank;
    @Option(names = "--state-feature-dim", defaultValue = "" + Recipe.FEATURE_DIM, description = "F (default ${DEFAULT-VALUE}; spec 256)") int featureDim;
    @Option(names = "--time-embedding-std", defaultValue = "" + Recipe.TIME_EMBEDDING_STD, description = "std of the time embedding's initial rows (default ${DEFAULT-VALUE}; spec 1, PyTorch's nn.Embedding)") double timeEmbeddingStd;
    @Option(names = "--stage-head", defaultValue = "" + Recipe.STAGE_HEAD_NAME, description = "stage head: last (stage_action_head2, d->100 at the last stage token) or per-token (stage_action_head1, d->1 at every stage token); default ${DEFAULT-VALUE}; spec: last") String stageHead;
    @Option(names = "--w", defaultValue = "20", description = "K, context steps (default ${DEFAULT-VALUE}, as spec)") int window;
    @Option(names = "--max-tokens", description = "sequence cap (default: the backbone's max_position_embeddings)") Integer maxTokens;
    @Option(names = "--eval-every", defaultValue = "" + Recipe.EVAL_EVERY, description = "validate every N steps (multiple of --accum; default ${DEFAULT-VALUE})") int evalEvery;
    @Option(names = "--valid-jobs", defaultValue = "" + Recipe.VALID_JOBS, description = "jobs of the validation episode (default ${DEFAULT-VALUE})") int validJobs;
    @Option(names = "--valid-seed", defaultValue = "" + Recipe.VALID_SEED, description = "env seed of the validation episode (default ${DEFAULT-VALUE})") long validSeed;
    @Option(names = "--valid-episodes", defaultValue = "" + Recipe.VALID_EPISODES, description = "validation episodes, env seeds --valid-seed, +1, … (default ${DEFAULT-VALUE}; the original: 1)") int validEpisodes;
    @Option(names = "--valid-greedy", negatable = true, defaultValue = "" + Recipe.VALID_GREEDY, fallbackValue = "true", description = "validate with the greedy policy (default ${DEFAULT-VALUE}; the original samples)") boolean validGreedy;
    @Option(names = "--valid-max-decisions", defaultValue = "" + CjsTrainingSettings.SPEC_VALID_MAX_DECISIONS, description = "cut a validation episode off after N decisions; it then scores +inf (default ${DEFAULT-VALUE}, the original's cap)") int validMaxDecisions;
    @Option(names = "--seed", defaultValue = "" + Recipe.SEED) long seed;
    @Option(names = "--time-budget", defaultValue = "PT30M", description = "stop at the first validation point past this (ISO-8601, default ${DEFAULT-VALUE}); continue with --resume") Duration timeBudget;
    @Option(names = "--resume", description = "continue OUT from its last validation point") boolean resume;

    /** The embedded adapter's recipe (its MODEL_CARD.md says why each differs from the spec). */
    static final class Recipe {
        static final int STEPS = 3000;
        static final int ACCUM = 4;
        static final double LR = 1e-3;
        static final int WARMUP = 20;
        static final int RANK = 16;
        static final int FEATURE_DIM = 64;
        static final double TIME_EMBEDDING_STD = 0.02;
        static final int EVAL_EVERY = 500;
        static final int VALID_JOBS = 10;
        static final long VALID_SEED = 4;
        static final int VALID_EPISODES = 2;
        static final boolean VALID_GREEDY = false;
        static final long SEED = 1;
        static final String STAGE_HEAD_NAME = "per-token";

        private Recipe() {
        }
    }

    @Override
    public Integer call() throws Exception {
        Path bb = backbone != null ? RepoRoot.userPath(backbone) : NetLlmModels.defaultFolder().resolve("backbone");
        String name = backbone != null ? bb.toString() : EMBEDDED_BACKBONE;
        int cap = maxTokens != null ? maxTokens : maxPositions(bb);
        CjsTrainingSettings s = new CjsTrainingSettings(steps, accum, lr, weightDecay, warmup, clip, rank, featureDim, timeEmbeddingStd, window,
                cap, seed, evalEvery, validJobs, validSeed, validEpisodes, validGreedy, validMaxDecisions, timeBudget,
                StageHead.parse(stageHead));
        return train(s, ExperiencePool.read(RepoRoot.userPath(pool)), bb, name, RepoRoot.userPath(out), resume);
    }

    /**
     * The backbone's {@code max_position_embeddings}: the default sequence cap (docs/reference/cjs.md "choices": the
     * original's hidden-size cap equals it in every original configuration).
     */
    static int maxPositions(Path backboneDir) throws java.io.IOException {
        Path f = backboneDir.resolve("config.json");
        com.fasterxml.jackson.databind.JsonNode v = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile())
                .get("max_position_embeddings");
        if (v == null || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new IllegalArgumentException(f + ": no positive max_position_embeddings; pass --max-tokens");
        }
        return v.asInt();
    }

    static int train(CjsTrainingSettings s, ExperiencePool pool, Path backboneDir, String name, Path out, boolean resume)
            throws Exception {
        try (CjsTrainer t = new CjsTrainer(s, pool, backboneDir, name, out, System.out, resume)) {
            CjsTrainer.Result r = t.run(resume);
            System.out.printf(Locale.ROOT, "%s at step %d: best validation avg JCT %.3f s at step %d -> %s%n",
                    r.finished() ? "finished" : "stopped", r.steps(), r.bestValidJct(), r.bestStep(),
                    out.resolve(CjsTrainer.BEST_DIR));
            return r.finished() ? 0 : 3;
        }
    }
}
