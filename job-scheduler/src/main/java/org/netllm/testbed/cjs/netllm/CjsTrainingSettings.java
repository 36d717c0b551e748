package org.netllm.testbed.cjs.netllm;

import java.time.Duration;

/**
 * Every setting of a NetLLM-CJS training run, in one typed place (docs/reference/cjs.md §5.6 for the spec values).
 *
 * @param steps        training windows (one window per step, batch 1)
 * @param accum        windows per optimizer step (gradient accumulation; spec 32)
 * @param lr           AdamW learning rate (spec 1e-4)
 * @param weightDecay  AdamW weight decay (spec 1e-4)
 * @param warmup       linear warm-up length in optimizer steps (spec 2000)
 * @param clip         gradient-norm clip (spec 0.25)
 * @param rank         LoRA rank (spec 128)
 * @param featureDim   state feature dim F (spec 256)
 * @param timeEmbeddingStd std of the time embedding's initial rows (spec 1, PyTorch's default; see {@link CjsModules#init})
 * @param window       K (spec 20)
 * @param maxTokens    sequence cap in tokens (docs/reference/cjs.md "choices": the backbone's max positions)
 * @param seed         all randomness is a function of it (init, window order, LoRA dropout, validation)
 * @param evalEvery    validate (and save resume state) every this many steps; a multiple of {@code accum}
 * @param validJobs    jobs of the short validation episode
 * @param validSeed    env seed of the first validation episode
 * @param validEpisodes validation episodes, env seeds validSeed, validSeed + 1, …; the score is their mean avg JCT
 * @param validGreedy  validate with the greedy policy (argmaxes) instead of sampling
 * @param validMaxDecisions decisions after which a validation episode is cut off and scores +∞ (the original caps its
 *                     evaluation episode at min(6000, max_timestep + 1) decisions, spec §5.6), so a policy that never
 *                     finishes an episode cannot stall training
 * @param timeBudget   stop (resumably) at the next validation point after this much training time
 * @param stageHead    the stage head (spec default {@link StageHead#LAST}; {@link StageHead#PER_TOKEN} is the spec's
 *                     optional Decima-like head), recorded in the checkpoint
 */
public record CjsTrainingSettings(int steps, int accum, double lr, double weightDecay, int warmup, double clip, int rank,
                                  int featureDim, double timeEmbeddingStd, int window, int maxTokens, long seed, int evalEvery, int validJobs,
                                  long validSeed, int validEpisodes, boolean validGreedy, int validMaxDecisions,
                                  Duration timeBudget, StageHead stageHead) {
    public static final int SPEC_ACCUM = 32;
    public static final double SPEC_LR = 1e-4;
    public static final double SPEC_WEIGHT_DECAY = 1e-4;
    public static final int SPEC_WARMUP = 2000;
    public static final double SPEC_CLIP = 0.25;
    public static final int SPEC_RANK = 128;
    public static final int SPEC_FEATURE_DIM = 256;
    public static final int SPEC_WINDOW = 20;
    /** The original's cap on its evaluation episode, min(6000, max_timestep + 1) decisions (spec §5.6). */
    public static final int SPEC_VALID_MAX_DECISIONS = 6000;

    /** Settings with the spec's default stage head ({@link StageHead#LAST}). */
    public CjsTrainingSettings(int steps, int accum, double lr, double weightDecay, int warmup, double clip, int rank,
                               int featureDim, double timeEmbeddingStd, int window, int maxTokens, long seed, int evalEvery,
                               int validJobs, long validSeed, int validEpisodes, boolean validGreedy, int validMaxDecisions,
                               Duration timeBudget) {
        this(steps, accum, lr, weightDecay, warmup, clip, rank, featureDim, timeEmbeddingStd, window, maxTokens, seed,
                evalEvery, validJobs, validSeed, validEpisodes, validGreedy, validMaxDecisions, timeBudget, StageHead.LAST);
    }

    public CjsTrainingSettings {
        java.util.Objects.requireNonNull(stageHead, "stageHead");
        if (steps < 1 || accum < 1 || warmup < 1 || rank < 1 || featureDim < 1 || window < 1 || maxTokens < 1
                || evalEvery < 1 || validJobs < 1 || validEpisodes < 1 || validMaxDecisions < 1) {
            throw new IllegalArgumentException("steps, accum, warmup, rank, state dim, window, max tokens, eval-every, "
                    + "validation jobs, validation episodes and validation max decisions must all be >= 1");
        }
        if (evalEvery % accum != 0) {
            throw new IllegalArgumentException("--eval-every (" + evalEvery + ") must be a multiple of --accum (" + accum
                    + ") so that resume points fall on optimizer steps");
        }
        if (!(timeEmbeddingStd > 0) || !Double.isFinite(timeEmbeddingStd)) {
            throw new IllegalArgumentException("time embedding std must be finite and > 0, got " + timeEmbeddingStd);
        }
        if (!(lr > 0) || !(weightDecay >= 0) || !(clip > 0) || validSeed < 0) {
            throw new IllegalArgumentException("lr and clip must be > 0, weight decay >= 0, validation seed >= 0");
        }
    }
}
