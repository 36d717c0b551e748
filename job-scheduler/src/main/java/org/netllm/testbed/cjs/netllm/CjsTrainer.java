package org.netllm.testbed.cjs.netllm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.train.AdamW;
import org.netllm.testbed.netllm.adapt.train.GradClip;
import org.netllm.testbed.netllm.adapt.train.WarmupSchedule;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.InferenceView;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.checkpoint.BackbonePin;
import org.netllm.testbed.netllm.checkpoint.CheckpointFolders;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import org.netllm.testbed.netllm.lora.LoraConfig;

/**
 * Trains NetLLM-CJS offline from an experience pool (docs/reference/cjs.md §5.5–5.6): one window per step sampled
 * uniformly with replacement, teacher forcing ({@link CjsWindowForward}), loss / accum backpropagated per window,
 * AdamW over LoRA + every module after {@code accum} windows, linear warm-up, global-norm clip. Output layout as the
 * ABR and VP trainers:
 * <pre>
 * OUT/best/          checkpoint with the lowest validation average JCT
 * OUT/last/          weights at the last validation point (also the resume weights)
 * OUT/resume/        state.json + optimizer.safetensors
 * OUT/metrics.jsonl  one JSON object per validation point
 * </pre>
 * Randomness is a pure function of the seed and the step (init, window choice, LoRA dropout), so a resumed run
 * continues exactly as an uninterrupted one. Validation runs {@code validEpisodes} short episodes ({@code validJobs}
 * jobs, N = the pool's, env seeds from {@code validSeed}) with the sampling or greedy policy on the current weights,
 * each cut off at {@code validMaxDecisions} decisions (a cut-off point scores +∞ and cannot become the best).
 */
public final class CjsTrainer implements AutoCloseable {
    public static final String BEST_DIR = "best";
    public static final String LAST_DIR = "last";
    public static final String RESUME_DIR = "resume";
    public static final String STATE_FILE = "state.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String METRICS_FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROGRESS_EVERY_STEPS = 10;
    private static final long WINDOW_SEED_MIX = 1_000_003L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** How a run ended. */
    public record Result(long steps, double bestValidJct, long bestStep, boolean finished, double lastLoss) {
    }

    private final CjsTrainingSettings s;
    private final CjsDataset data;
    private final int[] starts;
    private final String backboneName;
    private final String backboneSha;
    private final Path out;
    private final PrintStream log;
    private final LlamaBackbone base;
    private final LoraAdapter adapter;
    private final CjsModules modules;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final CjsWindowForward forward;
    private final SimConfig validConfig;

    public CjsTrainer(CjsTrainingSettings s, ExperiencePool pool, Path backboneDir, String backboneName, Path out,
                      PrintStream log, boolean resume) throws IOException {
        this.s = s;
        this.data = CjsDataset.of(pool, s.window(), s.window());
        this.starts = data.windowStarts();
        this.backboneName = backboneName;
        this.backboneSha = BackbonePin.sha256(backboneDir);
        this.out = out;
        this.log = log;
        this.validConfig = SimConfig.of(pool.config().numExecutors(), s.validJobs());
        this.base = LlamaBackbone.load(backboneDir, LoadOptions.defaults());
        LoraAdapter a = null;
        CjsModules mo = null;
        int rows = data.stats().maxTimestep() + 2;
        try {
            if (resume) {
                Path last = out.resolve(LAST_DIR);
                CjsCheckpoint c = CjsCheckpoint.read(last);
                c.requireBackbone(last, backboneDir);
                if (c.featureDim() != s.featureDim() || c.timestepRows() != rows || c.rank() != s.rank()
                        || c.stageHead() != s.stageHead()) {
                    throw new CheckpointException(last + ": made with state dim " + c.featureDim() + ", rank " + c.rank()
                            + ", " + c.timestepRows() + " timestep rows, stage head " + c.stageHead() + "; this run has "
                            + s.featureDim() + ", " + s.rank() + ", " + rows + ", " + s.stageHead());
                }
                a = LoraAdapter.load(base, last.resolve(CjsCheckpoint.ADAPTER_DIR));
                mo = CjsModules.load(base.manager(), last.resolve(CjsCheckpoint.MODULES_FILE), s.featureDim(),
                        base.hiddenSize(), rows, c.stageHead());
            } else {
                a = LoraAdapter.create(base, LoraConfig.netllm(s.rank()), s.seed());
                mo = CjsModules.init(base.manager(), s.featureDim(), base.hiddenSize(), rows, s.seed(), s.timeEmbeddingStd(),
                        s.stageHead());
            }
        } catch (IOException | RuntimeException e) {
            if (a != null) {
                a.close();
            }
            base.close();
            throw e;
        }
        this.adapter = a;
        this.modules = mo;
        mo.parameters().forEach((name, p) -> {
            p.setRequiresGradient(true);
            params.put(name, p);
        });
        List<NDArray> lora = a.parameters(); // gradients already attached by LoraAdapter
        for (int i = 0; i < lora.size(); i++) {
            params.put("lora." + i, lora.get(i));
        }
        LoraAdapter ad = a;
        this.forward = new CjsWindowForward(mo, new TrainingView(base, ad), s.maxTokens());
    }

    /** The backbone with this run's LoRA in training mode (dropout on), gradients flowing to the adapter. */
    private static final class TrainingView extends InferenceView {
        TrainingView(LlamaBackbone base, LoraAdapter adapter) {
            super(base, adapter, ForwardOptions.DEFAULT.withAdapter(adapter, true));
        }

        @Override
        public void close() {
            // the trainer owns base and adapter
        }
    }

    public int trainableCount() {
        long n = 0;
        for (NDArray p : params.values()) {
            n += p.size();
        }
        return Math.toIntExact(n);
    }

    public CjsDataset dataset() {
        return data;
    }

    /** The window of step {@code step}: uniform with replacement, a pure function of (seed, step). */
    int windowOf(long step) {
        return starts[new Random(s.seed() * WINDOW_SEED_MIX + step).nextInt(starts.length)];
    }

    public Result run(boolean resume) throws IOException {
        Files.createDirectories(out.resolve(RESUME_DIR));
        WarmupSchedule schedule = new WarmupSchedule(s.lr(), s.warmup());
        try (NDManager accManager = base.manager().newSubManager();
             AdamW opt = new AdamW(params, s.weightDecay(), base.manager())) {
            Map<String, NDArray> acc = new LinkedHashMap<>();
            params.forEach((n, p) -> acc.put(n, accManager.zeros(p.getShape(), p.getDataType(), p.getDevice())));
            long step = 0;
            double best = Double.POSITIVE_INFINITY;
            long bestStep = -1;
            long elapsedMs = 0;
            if (resume) {
                JsonNode st = readState(opt);
                step = st.get("step").asLong();
                bestStep = st.get("best_step").asLong();
                best = bestStep < 0 ? Double.POSITIVE_INFINITY : st.get("best_valid_jct").asDouble();
                elapsedMs = st.get("elapsed_ms").asLong();
                log.printf(Locale.ROOT, "resuming at step %d (best validation avg JCT %.3f s at step %d)%n", step, best, bestStep);
            }
            log.printf(Locale.ROOT, "NetLLM-CJS: %d transitions, %d windows of %d, %d trainable parameters, r_min %.1f, "
                    + "max_return %.4f, max_timestep %d, stage head %s%n", data.transitions().size(), starts.length, s.window(),
                    trainableCount(), data.stats().minReward(), data.stats().maxReturn(), data.stats().maxTimestep(),
                    s.stageHead());
            long startNs = System.nanoTime() - elapsedMs * 1_000_000L;
            long runStartNs = System.nanoTime();
            long runStartStep = step;
            double lossSum = 0;
            double stageSum = 0;
            int lossCount = 0;
            double lastLoss = Double.NaN;
            double gradMax = 0;
            boolean stop = false;
            while (step < s.steps() && !stop) {
                double[] l = windowStep(step, acc);
                lastLoss = l[0];
                lossSum += l[0];
                stageSum += l[1];
                lossCount++;
                step++;
                if (step % s.accum() == 0 || step == s.steps()) {
                    long optStep = (step - 1) / s.accum();
                    gradMax = Math.max(gradMax, optimizerStep(opt, acc, schedule.lr(optStep), step));
                }
                if (step % PROGRESS_EVERY_STEPS == 0) {
                    double sec = (System.nanoTime() - runStartNs) / 1e9;
                    log.printf(Locale.ROOT, "  step %d/%d loss %.4f (stage %.4f, executor %.4f) lr %.2e  %.2f steps/s%n", step,
                            s.steps(), lossSum / lossCount, stageSum / lossCount, (lossSum - stageSum) / lossCount,
                            schedule.lr((step - 1) / s.accum()),
                            (step - runStartStep) / sec);
                }
                if (step % s.evalEvery() == 0 || step == s.steps()) {
                    saveCheckpoint(out.resolve(LAST_DIR), data);
                    Validation v = validate();
                    double jct = v.avgJctSec();
                    ObjectNode metrics = JSON.createObjectNode();
                    metrics.put("step", step);
                    metrics.put("train_loss", lossSum / lossCount);
                    metrics.put("train_stage_loss", stageSum / lossCount);
                    metrics.put("train_exec_loss", (lossSum - stageSum) / lossCount);
                    metrics.put("lr", schedule.lr((step - 1) / s.accum()));
                    metrics.put("grad_norm_max", gradMax);
                    metrics.put("valid_avg_jct_s", Double.isFinite(jct) ? jct : -1);
                    metrics.put("valid_cut_off", v.cutOff());
                    metrics.put("valid_decisions", v.decisions());
                    metrics.put("valid_wall_ms_per_decision", v.wallMsPerDecision());
                    metrics.put("valid_cpu_ms_per_decision", v.cpuMsPerDecision());
                    String note = "";
                    if (jct < best) {
                        best = jct;
                        bestStep = step;
                        CheckpointFolders.replace(out.resolve(LAST_DIR), out.resolve(BEST_DIR));
                        metrics.put("new_best", true);
                        note = " (best)";
                    }
                    elapsedMs = (System.nanoTime() - startNs) / 1_000_000L;
                    metrics.put("elapsed_s", elapsedMs / 1000.0);
                    Files.writeString(out.resolve(METRICS_FILE), JSON.writeValueAsString(metrics) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    writeState(opt, step, best, bestStep, elapsedMs);
                    log.printf(Locale.ROOT, "step %d/%d train loss %.4f (stage %.4f, executor %.4f)  validation (%d × %d jobs, "
                            + "seeds %d.., %s) avg JCT %s%s, %d decisions at %.1f ms wall / %.1f ms CPU each  elapsed %.0f s%n",
                            step, s.steps(), lossSum / lossCount, stageSum / lossCount, (lossSum - stageSum) / lossCount,
                            s.validEpisodes(), s.validJobs(), s.validSeed(), s.validGreedy() ? "greedy" : "sampling",
                            v.cutOff() ? "— cut off at " + s.validMaxDecisions() + " decisions" : String.format(Locale.ROOT, "%.3f s", jct),
                            note, v.decisions(), v.wallMsPerDecision(), v.cpuMsPerDecision(), elapsedMs / 1000.0);
                    lossSum = 0;
                    stageSum = 0;
                    lossCount = 0;
                    gradMax = 0;
                    if (System.nanoTime() - startNs >= s.timeBudget().toNanos() && step < s.steps()) {
                        log.printf("time budget %s spent at step %d: stopping; continue with --resume%n", s.timeBudget(), step);
                        stop = true;
                    }
                }
            }
            return new Result(step, best, bestStep, step >= s.steps(), lastLoss);
        }
    }

    /** Forward + backward of one window (loss / accum), gradients added into {@code acc}; returns {loss, stage loss}. */
    double[] windowStep(long step, Map<String, NDArray> acc) {
        Engine.getInstance().setRandomSeed((int) (s.seed() * 31 + step)); // LoRA dropout masks = f(seed, step)
        int start = windowOf(step);
        try (NDManager m = base.manager().newSubManager()) {
            double loss;
            double stage;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                CjsWindowForward.Losses l = forward.loss(data, start, m);
                NDArray total = l.total();
                gc.backward(total.div(s.accum()));
                loss = total.getFloat();
                stage = l.stage().getFloat();
            }
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(m);
                acc.get(e.getKey()).addi(g);
                g.subi(g); // zero_grad: the next window's backward starts from 0
            }
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("step " + step + " (window at " + start + "): non-finite loss " + loss
                        + "; the best checkpoint so far is in " + out.resolve(BEST_DIR) + "; lower --lr and resume or restart");
            }
            return new double[] {loss, stage};
        }
    }

    /** Clip the accumulated gradients, AdamW step, zero the accumulator; returns the pre-clip norm. */
    private double optimizerStep(AdamW opt, Map<String, NDArray> acc, double lr, long step) {
        GradClip.Result clip = GradClip.clip(acc, s.clip());
        if (!clip.finite()) {
            throw new IllegalStateException("step " + step + ": non-finite gradients " + clip.nonFinite()
                    + "; the best checkpoint so far is in " + out.resolve(BEST_DIR));
        }
        opt.step(params, acc, lr);
        for (NDArray g : acc.values()) {
            g.subi(g);
        }
        return clip.norm();
    }

    /**
     * One validation point: the mean average JCT of the validation episodes ({@code +∞} when one was cut off at the
     * decision cap), with the decisions taken and the policy's cost per decision — wall and this thread's CPU time,
     * so a log under load shows whether validation is slow or starved.
     */
    public record Validation(double avgJctSec, long decisions, boolean cutOff, double wallMsPerDecision,
                             double cpuMsPerDecision) {
    }

    /** Thrown by {@link CappedScheduler} past the decision cap; ends the episode loop. */
    private static final class DecisionCapReached extends RuntimeException {
        DecisionCapReached() {
            super(null, null, false, false);
        }
    }

    /** Counts decisions and their wall / thread-CPU time; throws {@link DecisionCapReached} past {@code cap}. */
    private static final class CappedScheduler implements Scheduler {
        private final Scheduler inner;
        private final long cap;
        long decisions;
        long wallNs;
        long cpuNs;

        CappedScheduler(Scheduler inner, long cap) {
            this.inner = inner;
            this.cap = cap;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void startEpisode(PythonRandom random) {
            inner.startEpisode(random);
        }

        @Override
        public boolean usesRewards() {
            return inner.usesRewards();
        }

        @Override
        public void observeReward(double reward) {
            inner.observeReward(reward);
        }

        @Override
        public Action schedule(Observation obs) {
            if (decisions >= cap) {
                throw new DecisionCapReached();
            }
            long w0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            Action a = inner.schedule(obs);
            cpuNs += THREADS.getCurrentThreadCpuTime() - c0;
            wallNs += System.nanoTime() - w0;
            decisions++;
            return a;
        }
    }

    /** The validation episodes (env seeds validSeed, validSeed + 1, …) on the current weights. */
    public Validation validate() {
        CjsCheckpoint c = checkpointConfig(data);
        InferenceView view = new InferenceView(base, adapter, ForwardOptions.DEFAULT.withAdapter(adapter, false)) {
            @Override
            public void close() {
                // the trainer owns base and adapter
            }
        };
        // not closed: it would close the trainer's own modules and backbone; the view holds nothing else
        NetLlmCjsModel model = new NetLlmCjsModel(view, modules, c);
        NetLlmCjsScheduler.Mode mode = s.validGreedy() ? NetLlmCjsScheduler.Mode.GREEDY : NetLlmCjsScheduler.Mode.SAMPLE;
        double sum = 0;
        long decisions = 0;
        long wallNs = 0;
        long cpuNs = 0;
        boolean cutOff = false;
        for (int e = 0; e < s.validEpisodes() && !cutOff; e++) {
            CappedScheduler policy = new CappedScheduler(new NetLlmCjsScheduler(model, mode), s.validMaxDecisions());
            try {
                sum += EpisodeRunner.run(validConfig, policy, s.validSeed() + e).avgJctSec();
            } catch (DecisionCapReached stop) {
                cutOff = true;
            }
            decisions += policy.decisions;
            wallNs += policy.wallNs;
            cpuNs += policy.cpuNs;
        }
        double perDecision = Math.max(decisions, 1) * 1e6;
        return new Validation(cutOff ? Double.POSITIVE_INFINITY : sum / s.validEpisodes(), decisions, cutOff,
                wallNs / perDecision, cpuNs / perDecision);
    }

    CjsCheckpoint checkpointConfig(CjsDataset ds) {
        return new CjsCheckpoint(backboneName, backboneSha, base.hiddenSize(), s.featureDim(), s.rank(), s.window(),
                s.maxTokens(), ds.stats().maxTimestep() + 2, ds.stats(), s.seed(), s.stageHead());
    }

    /** Writes the current weights as an inference checkpoint folder. */
    public void saveCheckpoint(Path dir, CjsDataset ds) throws IOException {
        Files.createDirectories(dir.resolve(CjsCheckpoint.ADAPTER_DIR));
        adapter.save(dir.resolve(CjsCheckpoint.ADAPTER_DIR));
        modules.save(dir.resolve(CjsCheckpoint.MODULES_FILE));
        checkpointConfig(ds).write(dir);
    }

    private void writeState(AdamW opt, long step, double best, long bestStep, long elapsedMs) throws IOException {
        Path dir = out.resolve(RESUME_DIR);
        List<Safetensors.F32Tensor> tensors = new ArrayList<>();
        opt.state().forEach((n, a) -> tensors.add(new Safetensors.F32Tensor(n, a.getShape().getShape(), a.toFloatArray())));
        Safetensors.writeF32(dir.resolve(OPTIMIZER_FILE), tensors, Map.of("optimizer", "adamw", "task", CjsCheckpoint.TASK));
        ObjectNode st = JSON.createObjectNode();
        st.put("task", CjsCheckpoint.TASK);
        st.put("step", step);
        st.put("optimizer_steps", opt.steps());
        st.put("best_valid_jct", Double.isFinite(best) ? best : -1);
        st.put("best_step", bestStep);
        st.put("elapsed_ms", elapsedMs);
        st.put("seed", s.seed());
        st.put("transitions", data.transitions().size());
        st.put("accum", s.accum());
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(st), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode readState(AdamW opt) throws IOException {
        Path dir = out.resolve(RESUME_DIR);
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": no resume state (was the run started with this --out?)");
        }
        JsonNode st = JSON.readTree(file.toFile());
        for (String k : List.of("step", "optimizer_steps", "best_valid_jct", "best_step", "elapsed_ms", "seed", "transitions", "accum")) {
            if (st == null || !st.path(k).isNumber()) {
                throw new CheckpointException(file + ": missing or non-numeric '" + k + "'");
            }
        }
        if (st.get("seed").asLong() != s.seed() || st.get("transitions").asInt() != data.transitions().size()
                || st.get("accum").asInt() != s.accum()) {
            throw new CheckpointException(file + ": made with seed " + st.get("seed").asLong() + ", a pool of "
                    + st.get("transitions").asInt() + " transitions, accum " + st.get("accum").asInt() + "; this run has seed "
                    + s.seed() + ", " + data.transitions().size() + " transitions, accum " + s.accum());
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        try (Safetensors o = Safetensors.open(dir.resolve(OPTIMIZER_FILE))) {
            for (var e : o.tensors().values()) {
                state.put(e.name(), e.toFloatArray());
            }
        }
        try {
            opt.restore(state, st.get("optimizer_steps").asLong());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(dir.resolve(OPTIMIZER_FILE) + ": " + e.getMessage());
        }
        return st;
    }

    @Override
    public void close() {
        modules.close();
        adapter.close();
        base.close();
    }
}
