package org.netllm.testbed.abr.netllm;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.DecisionTransformer;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.Dense;
import org.netllm.testbed.netllm.adapt.LinearHead;
import org.netllm.testbed.netllm.adapt.NamedWeights;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.serve.BatchingDecisionExecutor;

/**
 * A loaded NetLLM ABR checkpoint: backbone (+LoRA) and the ABR decision transformer, shared
 * read-only by every session ({@link NetLlmAbrSession}).
 */
public final class NetLlmAbrModel implements AutoCloseable {

    /** Chunks of one warm-up/benchmark episode (docs/reference/abr.md §7.6: timesteps 0..47). */
    public static final int EPISODE_STEPS = 48;
    private static final long WARMUP_SEED = 0x5eed;

    private final DtCheckpointConfig config;
    private final Backbone backbone;
    private final NDManager weights;
    private final DecisionTransformer<float[][]> dt;

    private NetLlmAbrModel(DtCheckpointConfig config, Backbone backbone, NDManager weights,
            DecisionTransformer<float[][]> dt) {
        this.config = config;
        this.backbone = backbone;
        this.weights = weights;
        this.dt = dt;
    }

    /**
     * Opens {@code dir} (made by {@code netllm import}); {@code windowOverride} replaces the
     * config's w when present.
     */
    public static NetLlmAbrModel open(Path dir, BackboneLoader loader, Optional<Integer> windowOverride) throws IOException {
        return open(dir, loader, windowOverride, Optional.empty());
    }

    /**
     * As {@link #open(Path, BackboneLoader, Optional)}, with every session's backbone forward routed
     * through {@code batcher} (shared, micro-batched with other sessions and models); the caller owns
     * the batcher and closes it after the model.
     */
    public static NetLlmAbrModel open(Path dir, BackboneLoader loader, Optional<Integer> windowOverride,
            Optional<BatchingDecisionExecutor> batcher) throws IOException {
        DtCheckpointConfig cfg = DtCheckpointConfig.read(dir);
        Path cfgFile = dir.resolve(DtCheckpointConfig.CONFIG_FILE);
        if (!cfg.task().equals(AbrDtLayout.TASK)) {
            throw new CheckpointException(cfgFile + ": task '" + cfg.task() + "' is not '" + AbrDtLayout.TASK + "'");
        }
        if (cfg.taskDim(cfgFile, AbrDtLayout.DIM_ACTION) != AbrDtLayout.ACTION_DIM) {
            throw new CheckpointException(cfgFile + ": task_dims.action_dim must be " + AbrDtLayout.ACTION_DIM);
        }
        int f = cfg.taskDim(cfgFile, AbrDtLayout.DIM_STATE_FEATURE);
        int window = windowOverride.orElse(cfg.window());
        if (window < 1) {
            throw new IllegalArgumentException("--w must be >= 1, got " + window);
        }
        Path modulesFile = dir.resolve(DtCheckpointConfig.MODULES_FILE);
        if (!Files.isRegularFile(modulesFile)) {
            throw new CheckpointException(dir + ": no " + DtCheckpointConfig.MODULES_FILE);
        }
        NamedWeights w = NamedWeights.fromSafetensors(modulesFile);
        Optional<Path> adapter = cfg.hasAdapter() ? Optional.of(dir.resolve(DtCheckpointConfig.ADAPTER_DIR)) : Optional.empty();
        Backbone backbone = loader.load(cfg.backbone(), adapter, cfg.whichLayer());
        NDManager m = null;
        try {
            if (backbone.hiddenSize() != cfg.hiddenSize()) {
                throw new CheckpointException(cfgFile + ": hidden_size " + cfg.hiddenSize() + " but backbone "
                        + cfg.backbone() + " has " + backbone.hiddenSize());
            }
            m = backbone.manager().newSubManager();
            int e = cfg.hiddenSize();
            AbrStateEncoder encoder = new AbrStateEncoder(w, m, f, e);
            DtEmbeddings emb = DtEmbeddings.load(w, m, e, cfg.timestepRows(), (float) cfg.layerNormEps());
            LinearHead head = new LinearHead(Dense.load(w, m, AbrDtLayout.HEAD, AbrDtLayout.ACTION_DIM, e));
            // docs/reference/abr.md §7.2: the stacked sequence is cut to its last E tokens (max_length = the backbone's embed size)
            DecisionTransformer<float[][]> direct = new DecisionTransformer<>(backbone, encoder, emb, head, window, e,
                    cfg.residual());
            DecisionTransformer<float[][]> dt = batcher.isPresent()
                    ? direct.withForward(batcher.get().forwardFor(backbone)) : direct;
            return new NetLlmAbrModel(cfg, backbone, m, dt);
        } catch (IOException | RuntimeException ex) {
            if (m != null) {
                m.close();
            }
            backbone.close();
            throw ex;
        }
    }

    /**
     * Runs {@code decisions} untimed decisions of one throw-away session (random states, argmax,
     * episodes of {@link #EPISODE_STEPS} so every context length occurs) so the JIT has
     * compiled the decision path and libtorch's allocator holds its buffers before the first real
     * session's decision. Other sessions' state is untouched.
     */
    public void warmUp(int decisions) {
        if (decisions < 0) {
            throw new IllegalArgumentException("warm-up decisions must be >= 0, got " + decisions);
        }
        java.util.Random rnd = new java.util.Random(WARMUP_SEED);
        float[][] state = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
        try (NetLlmAbrSession session = new NetLlmAbrSession(this, 1.0, QualityChooser.argmax())) {
            for (int i = 0; i < decisions; i++) {
                randomDecision(session, state, rnd, i);
            }
        }
    }

    /**
     * Decision {@code i} of a stream of {@link #EPISODE_STEPS}-chunk episodes on uniformly random states and
     * returns (warm-up and serving benchmarks): resets the session at each episode start.
     *
     * @param state scratch (STATE_ROWS × STATE_COLS), overwritten
     */
    public static void randomDecision(NetLlmAbrSession session, float[][] state, java.util.Random rnd, int i) {
        int t = i % EPISODE_STEPS;
        if (t == 0) {
            session.reset();
        }
        for (float[] row : state) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rnd.nextFloat();
            }
        }
        session.decide(state, t, rnd.nextDouble());
    }

    public DtCheckpointConfig config() {
        return config;
    }

    public ReturnNormalisation normalisation() {
        return config.normalisation();
    }

    public DecisionTransformer<float[][]> transformer() {
        return dt;
    }

    @Override
    public void close() {
        weights.close();
        backbone.close();
    }
}
