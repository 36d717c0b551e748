package org.netllm.testbed.abr.netllm.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.netllm.AbrDtLayout;
import org.netllm.testbed.abr.netllm.AbrStateEncoder;
import org.netllm.testbed.abr.netllm.NetLlmAbrModel;
import org.netllm.testbed.abr.netllm.NetLlmAbrPolicy;
import org.netllm.testbed.abr.netllm.pool.ExperiencePool;
import org.netllm.testbed.abr.netllm.pool.ExperiencePoolFile;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.sim.AlgorithmResult;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.sim.SimulationRunner;
import org.netllm.testbed.abr.sim.SimulationSettings;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.Dense;
import org.netllm.testbed.netllm.adapt.LinearHead;
import org.netllm.testbed.netllm.adapt.LlamaDtBackboneLoader;
import org.netllm.testbed.netllm.adapt.NamedWeights;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.adapt.train.DtTrainer;
import org.netllm.testbed.netllm.adapt.train.DtWindowForward;
import org.netllm.testbed.netllm.adapt.train.TrainableDt;
import org.netllm.testbed.netllm.adapt.train.TrainingTask;
import org.netllm.testbed.netllm.adapt.train.WindowDataset;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import org.netllm.testbed.traces.CookedTrace;

/**
 * The ABR side of DD-LRNA training (docs/reference/abr.md §7.4): pool → windows, the ABR decision
 * transformer on a frozen Llama + LoRA, checkpoints in the {@code netllm-dt/1} folder format that
 * {@link NetLlmAbrModel} opens, and validation as a {@link NetLlmAbrPolicy} in the simulator on the
 * validation traces (fixed mode, 48 chunks, λ = 4.3; score = per-chunk mean QoE, first chunk
 * excluded — the same ordering as NetLLM's sum of processed rewards).
 */
public final class AbrTraining implements TrainingTask<float[][]>, AutoCloseable {

    /** Written next to the run's outputs: every setting, the pool's metadata and the normalisation. */
    public static final String TRAIN_CONFIG_FILE = "train_config.json";
    /** Extra timestep row beyond max_timestep + 1: test-time timesteps run to 47 (docs/reference/abr.md §7.6). */
    static final int TIMESTEP_ROWS_OVER_MAX = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AbrTrainingSettings s;
    private final ExperiencePool pool;
    private final WindowDataset data;
    private final ReturnNormalisation norm;
    private final int timestepRows;
    private final TrainableDt<float[][]> model;
    private final TracePlan validPlan;
    private final VideoSpec video;

    private AbrTraining(AbrTrainingSettings s, ExperiencePool pool, WindowDataset data, ReturnNormalisation norm,
            int timestepRows, TrainableDt<float[][]> model, TracePlan validPlan, VideoSpec video) {
        this.s = s;
        this.pool = pool;
        this.data = data;
        this.norm = norm;
        this.timestepRows = timestepRows;
        this.model = model;
        this.validPlan = validPlan;
        this.video = video;
    }

    /** Loads pool, backbone and validation traces; fresh seeded modules + LoRA, or OUT/last when resuming. */
    public static AbrTraining open(AbrTrainingSettings s, boolean resume) throws IOException {
        ExperiencePool pool = ExperiencePoolFile.read(s.pool());
        var meta = pool.metadata();
        var cfg = s.training();
        WindowDataset data = WindowDataset.build(pool.rewards(), pool.dones(), meta.minReward(), meta.maxReward(),
                org.netllm.testbed.netllm.adapt.train.ReturnsToGo.DEFAULT_SCALE, cfg.window(), cfg.sampleStep());
        double maxReturn = 0;
        for (double r : data.returns()) {
            maxReturn = Math.max(maxReturn, r);
        }
        int maxTimestep = data.maxTimestep();
        ReturnNormalisation norm = new ReturnNormalisation(meta.minReward(), meta.maxReward(), maxReturn, maxTimestep,
                org.netllm.testbed.netllm.adapt.train.ReturnsToGo.DEFAULT_SCALE);
        int rows = maxTimestep + TIMESTEP_ROWS_OVER_MAX;
        VideoSpec video = VideoSpecs.load(s.video());
        List<CookedTrace> valid = org.netllm.testbed.traces.TraceSet.open(s.validTraces()).readCooked();
        TracePlan plan = TracePlan.build(valid, null, true, s.validTraceNum(), new SplittableRandom(cfg.seed()));

        LlamaBackbone base = LlamaBackbone.load(s.backbone());
        try {
            int e = base.hiddenSize();
            NamedWeights weights;
            LoraAdapter adapter;
            Path last = s.out().resolve(DtTrainer.LAST_DIR);
            if (resume) {
                Path modules = last.resolve(DtCheckpointConfig.MODULES_FILE);
                if (!Files.isRegularFile(modules)) {
                    throw new IOException(modules + ": nothing to resume (no saved weights)");
                }
                weights = NamedWeights.fromSafetensors(modules);
                adapter = LoraAdapter.load(base, last.resolve(DtCheckpointConfig.ADAPTER_DIR));
            } else {
                weights = AbrModuleInit.create(s.featureDim(), e, rows, cfg.seed());
                adapter = LoraAdapter.create(base, s.lora(), cfg.seed());
            }
            NDManager m = base.manager().newSubManager();
            AbrStateEncoder encoder = new AbrStateEncoder(weights, m, s.featureDim(), e);
            DtEmbeddings emb = DtEmbeddings.load(weights, m, e, rows, (float) DtEmbeddings.DEFAULT_LN_EPS);
            Dense head = Dense.load(weights, m, AbrDtLayout.HEAD, AbrDtLayout.ACTION_DIM, e);
            Map<String, NDArray> params = new LinkedHashMap<>(encoder.parameters());
            params.put(DtEmbeddings.RETURN + ".weight", emb.embedReturn().weight());
            params.put(DtEmbeddings.RETURN + ".bias", emb.embedReturn().bias());
            params.put(DtEmbeddings.ACTION + ".weight", emb.embedAction().weight());
            params.put(DtEmbeddings.ACTION + ".bias", emb.embedAction().bias());
            params.put(DtEmbeddings.TIMESTEP + ".weight", emb.timestepTable());
            params.put(DtEmbeddings.LAYER_NORM + ".weight", emb.lnWeight());
            params.put(DtEmbeddings.LAYER_NORM + ".bias", emb.lnBias());
            params.put(AbrDtLayout.HEAD + ".weight", head.weight());
            params.put(AbrDtLayout.HEAD + ".bias", head.bias());
            TrainableDt<float[][]> model = new TrainableDt<>(base, adapter, s.whichLayer(), encoder, emb,
                    new LinearHead(head), params, m, false);
            return new AbrTraining(s, pool, data, norm, rows, model, plan, video);
        } catch (IOException | RuntimeException ex) {
            base.close();
            throw ex;
        }
    }

    public WindowDataset data() {
        return data;
    }

    public ReturnNormalisation normalisation() {
        return norm;
    }

    public TrainableDt<float[][]> model() {
        return model;
    }

    public ExperiencePool pool() {
        return pool;
    }

    /** Writes train_config.json, then trains (or resumes). */
    public DtTrainer.Result train(boolean resume, PrintStream log, boolean interactive) throws IOException {
        Files.createDirectories(s.out());
        writeTrainConfig();
        DtTrainer<float[][]> trainer = new DtTrainer<>(model, data, this, s.training(), s.out(), log, interactive);
        log.printf("training: %d transitions, %d windows of w=%d, %d optimizer steps/epoch, %d trainable parameters, "
                        + "%d validation traces%n", pool.size(), data.size(), s.training().window(), trainer.stepsPerEpoch(),
                model.trainableCount(), validPlan.size());
        return trainer.run(resume);
    }

    @Override
    public DtWindowForward.Batch<float[][]> batch(int[] starts) {
        int w = data.window();
        int n = starts.length * w;
        List<float[][]> obs = new ArrayList<>(n);
        float[] returns = new float[n];
        float[] actionInputs = new float[n];
        int[] actions = new int[n];
        int[] timesteps = new int[n];
        int k = 0;
        for (int start : starts) {
            for (int j = 0; j < w; j++, k++) {
                int i = start + j;
                obs.add(pool.state(i));
                returns[k] = (float) data.returns()[i];
                actions[k] = pool.actions()[i];
                actionInputs[k] = (float) AbrDtLayout.actionInput(actions[k]);
                timesteps[k] = data.timesteps()[i];
            }
        }
        return new DtWindowForward.Batch<>(starts.length, w, obs, returns, actionInputs, actions, timesteps);
    }

    @Override
    public void saveModel(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, NamedWeights.Entry> entries = new LinkedHashMap<>();
        model.moduleParameters().forEach((name, a) -> entries.put(name,
                new NamedWeights.Entry(a.getShape().getShape(), a.toFloatArray())));
        new NamedWeights(dir.toString(), entries).writeSafetensors(dir.resolve(DtCheckpointConfig.MODULES_FILE),
                Map.of("format", "pt"));
        model.adapter().save(dir.resolve(DtCheckpointConfig.ADAPTER_DIR));
        new DtCheckpointConfig(AbrDtLayout.TASK, s.backbone(), true, model.base().hiddenSize(), s.whichLayer(), false,
                s.training().window(), timestepRows, DtEmbeddings.DEFAULT_LN_EPS,
                Map.of(AbrDtLayout.DIM_STATE_FEATURE, s.featureDim(), AbrDtLayout.DIM_ACTION, AbrDtLayout.ACTION_DIM),
                norm).write(dir);
    }

    @Override
    public double validate(Path dir) throws IOException {
        try (NetLlmAbrModel m = NetLlmAbrModel.open(dir, LlamaDtBackboneLoader.INSTANCE, Optional.empty())) {
            return evaluate(NetLlmAbrPolicy.factory(m, 1.0), video, validPlan, s.training().seed(), s.validThreads());
        }
    }

    /** Mean QoE of {@code factory} over {@code plan} in the fixed simulator (λ 4.3, 48 chunks, sampling). */
    public static double evaluate(AbrAlgorithmFactory factory, VideoSpec video, TracePlan plan, long seed, int threads) {
        SimulationSettings settings = new SimulationSettings(video, QoeParams.NETLLM, true,
                SimConstants.TOTAL_VIDEO_CHUNKS, seed, true, threads);
        List<AlgorithmResult> r = new SimulationRunner(settings).run(List.of(NetLlmAbrPolicy.NAME), List.of(factory),
                plan, SimulationRunner.Progress.NONE);
        return r.get(0).summary().qoeMean();
    }

    private void writeTrainConfig() throws IOException {
        var c = s.training();
        ObjectNode o = JSON.createObjectNode();
        o.put("backbone", s.backbone().toAbsolutePath().toString());
        o.put("pool", s.pool().toAbsolutePath().toString());
        o.put("w", c.window());
        o.put("sample_step", c.sampleStep());
        o.put("rank", s.lora().rank());
        o.put("alpha", s.lora().alpha());
        o.put("lora_dropout", s.lora().dropout());
        o.put("state_feature_dim", s.featureDim());
        o.put("which_layer", s.whichLayer());
        o.put("lr", c.lr());
        o.put("weight_decay", c.weightDecay());
        o.put("warmup_steps", c.warmupSteps());
        o.put("grad_accum", c.accum());
        o.put("clip", c.clip());
        o.put("epochs", c.epochs());
        o.put("eval_every", c.evalEvery());
        o.put("seed", c.seed());
        o.put("time_budget_s", c.timeBudget().toSeconds());
        o.put("max_steps", c.maxSteps());
        o.put("valid_traces", s.validTraces().toString());
        o.put("valid_trace_num", validPlan.size());
        o.put("video", video.name());
        ObjectNode n = o.putObject("normalisation");
        n.put("min_reward", norm.minReward());
        n.put("max_reward", norm.maxReward());
        n.put("max_return", norm.maxReturn());
        n.put("max_timestep", norm.maxTimestep());
        n.put("scale", norm.scale());
        o.set("pool_metadata", JSON.readTree(
                org.netllm.testbed.abr.netllm.pool.ExperiencePoolFile.metadataJson(pool.metadata())));
        JSON.writerWithDefaultPrettyPrinter().writeValue(s.out().resolve(TRAIN_CONFIG_FILE).toFile(), o);
    }

    @Override
    public void close() {
        model.close();
    }
}
