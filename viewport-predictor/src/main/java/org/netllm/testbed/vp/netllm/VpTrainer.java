package org.netllm.testbed.vp.netllm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.train.AdamW;
import org.netllm.testbed.netllm.checkpoint.CheckpointFolders;
import org.netllm.testbed.netllm.adapt.train.GradClip;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import org.netllm.testbed.netllm.lora.LoraConfig;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.vp.data.Axis;
import org.netllm.testbed.vp.data.Normalisation;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.metric.MaeAccumulator;

import java.io.IOException;
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
import java.util.SplittableRandom;

/**
 * Trains NetLLM-VP (docs/reference/vp.md §4.3) with the netllm module's pieces — frozen {@link LlamaBackbone},
 * trainable {@link LoraAdapter}, {@link AdamW}, {@link GradClip} — using the same output layout as the ABR
 * trainer ({@code netllm.adapt.train.DtTrainer}):
 * <pre>
 * OUT/best/          checkpoint with the lowest validation MSE (autoregressive, normalised)
 * OUT/last/          weights after the last completed epoch (also the resume weights)
 * OUT/resume/        state.json + optimizer.safetensors
 * OUT/metrics.jsonl  one JSON object per epoch
 * </pre>
 * Teacher forcing: one backbone pass over LN(tokens of history ++ ground-truth future); the head at positions
 * hw−1 … hw+pw−2 predicts future 1 … pw; loss = MSE on normalised angles. Scheduled sampling (optional): a
 * seeded share of the steps runs the autoregressive path instead ({@link #autoregressiveStep}). Randomness is a pure function of the
 * seed: module/LoRA init (seed), epoch order (seed, epoch), LoRA dropout (torch seed = f(seed, step)),
 * scheduled-sampling coin (seed, step), so a
 * resumed run continues exactly as an uninterrupted one. State is saved at epoch boundaries.
 */
public final class VpTrainer implements AutoCloseable {
    public static final String BEST_DIR = "best";
    public static final String LAST_DIR = "last";
    public static final String RESUME_DIR = "resume";
    public static final String STATE_FILE = "state.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String METRICS_FILE = "metrics.jsonl";
    /** Validation rows per batched autoregressive pass. */
    static final int VALID_CHUNK = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DECAY = "decay.";
    private static final String NO_DECAY = "no_decay.";
    private static final int PROGRESS_EVERY_STEPS = 25;

    /** How a run ended. */
    public record Result(int epochsDone, long steps, double bestValidMse, int bestEpoch, boolean finished, double lastLoss) {
    }

    private final VpTrainingSettings s;
    private final Path backboneDir;
    private final String backboneName;
    private final String backboneSha;
    private final float[][] train; // (N, (hw+pw)·3) normalised
    private final List<VpSample> valid;
    private final Path out;
    private final PrintStream log;
    private final LlamaBackbone base;
    private final LoraAdapter adapter;
    private final VpModules modules;
    private final Map<String, NDArray> decayParams = new LinkedHashMap<>();
    private final Map<String, NDArray> noDecayParams = new LinkedHashMap<>();

    /**
     * @param backboneName how config.json names the backbone (a path, or the embedded model's name)
     * @param resume       continue from OUT/last and OUT/resume instead of a fresh init
     */
    public VpTrainer(VpTrainingSettings s, Path backboneDir, String backboneName, List<VpSample> trainSamples,
                     List<VpSample> validSamples, Path out, PrintStream log, boolean resume) throws IOException {
        this.s = s;
        this.backboneDir = backboneDir;
        this.backboneName = backboneName;
        this.backboneSha = VpCheckpoint.backboneSha256(backboneDir);
        this.train = flatten(trainSamples, s.hw(), s.pw());
        this.valid = s.validLimit() == 0 ? validSamples : validSamples.subList(0, Math.min(s.validLimit(), validSamples.size()));
        this.out = out;
        this.log = log;
        this.base = LlamaBackbone.load(backboneDir, LoadOptions.defaults());
        LoraAdapter a = null;
        VpModules mo = null;
        try {
            if (resume) {
                Path last = out.resolve(LAST_DIR);
                VpCheckpoint c = VpCheckpoint.read(last);
                c.requireBackbone(last, backboneDir);
                a = LoraAdapter.load(base, last.resolve(VpCheckpoint.ADAPTER_DIR));
                mo = VpModules.load(base.manager(), last.resolve(VpCheckpoint.MODULES_FILE), base.hiddenSize());
            } else {
                a = LoraAdapter.create(base, LoraConfig.netllm(s.rank()), s.seed());
                mo = VpModules.init(base.manager(), base.hiddenSize(), s.seed());
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
        // upstream puts biases in a no-decay group (docs/reference/vp.md §4.3); LoRA A/B and weights decay
        mo.trainable().forEach((name, p) -> {
            p.setRequiresGradient(true);
            (name.endsWith(".bias") ? noDecayParams : decayParams).put(name, p);
        });
        List<NDArray> lora = a.parameters(); // gradients already attached by LoraAdapter
        for (int i = 0; i < lora.size(); i++) {
            decayParams.put("lora." + i, lora.get(i));
        }
    }

    static float[][] flatten(List<VpSample> samples, int hw, int pw) {
        float[][] out = new float[samples.size()][];
        for (int i = 0; i < out.length; i++) {
            VpSample smp = samples.get(i);
            if (smp.history().length != hw || smp.future().length != pw) {
                throw new IllegalArgumentException("sample " + i + " is not " + hw + "/" + pw);
            }
            float[] f = new float[(hw + pw) * Axis.COUNT];
            int k = 0;
            for (double[][] part : new double[][][] {smp.history(), smp.future()}) {
                for (double[] row : Normalisation.normalise(part)) {
                    for (double v : row) {
                        f[k++] = (float) v;
                    }
                }
            }
            out[i] = f;
        }
        return out;
    }

    public int trainableCount() {
        long n = 0;
        for (NDArray p : decayParams.values()) {
            n += p.size();
        }
        for (NDArray p : noDecayParams.values()) {
            n += p.size();
        }
        return Math.toIntExact(n);
    }

    public int stepsPerEpoch() {
        return (train.length + s.batch() - 1) / s.batch();
    }

    /** Epoch order: a seeded Fisher–Yates shuffle, a pure function of (seed, epoch). */
    int[] epochOrder(int epoch) {
        int[] o = new int[train.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        Random r = new Random(s.seed() * 1_000_003L + epoch);
        for (int i = o.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    public Result run(boolean resume) throws IOException {
        Files.createDirectories(out.resolve(RESUME_DIR));
        try (AdamW decay = new AdamW(decayParams, s.weightDecay(), base.manager());
             AdamW noDecay = new AdamW(noDecayParams, 0.0, base.manager())) {
            int epoch = 0;
            long step = 0;
            double best = Double.POSITIVE_INFINITY;
            int bestEpoch = -1;
            long elapsedMs = 0;
            if (resume) {
                JsonNode st = readState(decay, noDecay);
                epoch = st.get("epoch").asInt();
                step = st.get("step").asLong();
                best = st.get("best_epoch").asInt() < 0 ? Double.POSITIVE_INFINITY : st.get("best_valid_mse").asDouble();
                bestEpoch = st.get("best_epoch").asInt();
                elapsedMs = st.get("elapsed_ms").asLong();
                log.printf(Locale.ROOT, "resuming after epoch %d (step %d, best valid MSE %.6f at epoch %d)%n", epoch, step, best, bestEpoch);
            }
            long startNs = System.nanoTime() - elapsedMs * 1_000_000L;
            double lastLoss = Double.NaN;
            boolean stop = false;
            while (epoch < s.epochs() && !stop) {
                int[] order = epochOrder(epoch);
                double lossSum = 0;
                int steps = 0;
                double gradMax = 0;
                int autoregressiveSteps = 0;
                long epochStart = System.nanoTime();
                for (int off = 0; off < order.length; off += s.batch()) {
                    int b = Math.min(s.batch(), order.length - off);
                    float[] x = new float[b * (s.hw() + s.pw()) * Axis.COUNT];
                    for (int i = 0; i < b; i++) {
                        float[] row = train[order[off + i]];
                        System.arraycopy(row, 0, x, i * row.length, row.length);
                    }
                    if (autoregressiveStep(step)) {
                        autoregressiveSteps++;
                    }
                    double[] ls = trainStep(decay, noDecay, x, b, step, epoch);
                    lastLoss = ls[0];
                    gradMax = Math.max(gradMax, ls[1]);
                    lossSum += lastLoss;
                    steps++;
                    step++;
                    if (steps % PROGRESS_EVERY_STEPS == 0) {
                        double sec = (System.nanoTime() - epochStart) / 1e9;
                        log.printf(Locale.ROOT, "  epoch %d/%d step %d/%d loss %.6f (%.1f steps/s)%n", epoch + 1, s.epochs(),
                                steps, stepsPerEpoch(), lossSum / steps, steps / sec);
                    }
                }
                epoch++;
                saveCheckpoint(out.resolve(LAST_DIR));
                ObjectNode metrics = JSON.createObjectNode();
                metrics.put("epoch", epoch);
                metrics.put("step", step);
                metrics.put("train_loss", lossSum / steps);
                metrics.put("lr", s.lr());
                metrics.put("grad_norm_max", gradMax);
                metrics.put("scheduled_sampling", s.scheduledSampling());
                metrics.put("autoregressive_steps", autoregressiveSteps);
                String validText = "";
                if (epoch % s.evalEvery() == 0 || epoch == s.epochs()) {
                    double[] v = validate(out.resolve(LAST_DIR));
                    metrics.put("valid_mse", v[0]);
                    metrics.put("valid_mae_deg", v[1]);
                    validText = String.format(Locale.ROOT, " valid MSE %.6f MAE %.3f deg", v[0], v[1]);
                    if (v[0] < best) {
                        best = v[0];
                        bestEpoch = epoch;
                        CheckpointFolders.replace(out.resolve(LAST_DIR), out.resolve(BEST_DIR));
                        metrics.put("new_best", true);
                        validText += " (best)";
                    }
                }
                elapsedMs = (System.nanoTime() - startNs) / 1_000_000L;
                metrics.put("elapsed_s", elapsedMs / 1000.0);
                Files.writeString(out.resolve(METRICS_FILE), JSON.writeValueAsString(metrics) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                writeState(decay, noDecay, epoch, step, best, bestEpoch, elapsedMs);
                log.printf(Locale.ROOT, "epoch %d/%d train loss %.6f%s  elapsed %.0f s%n", epoch, s.epochs(), lossSum / steps,
                        validText, elapsedMs / 1000.0);
                if (System.nanoTime() - startNs >= s.timeBudget().toNanos() && epoch < s.epochs()) {
                    log.printf("time budget %s spent after epoch %d: stopping; continue with --resume%n", s.timeBudget(), epoch);
                    stop = true;
                }
            }
            return new Result(epoch, step, best, bestEpoch, epoch >= s.epochs(), lastLoss);
        }
    }

    /**
     * Scheduled sampling (docs/reference/vp.md §4.3): whether optimizer step {@code step} trains on the
     * autoregressive path. Upstream flips the coin per sample (batch 1 × accumulation 32); here a step is one
     * batched forward of {@code batch} samples, so the coin is flipped per step — the same expected share of
     * autoregressive samples, at 1/batch of the number of (per-op-overhead-bound) autoregressive passes.
     * A pure function of (seed, step), so a resumed run draws the same coins.
     */
    boolean autoregressiveStep(long step) {
        return autoregressiveStep(s.scheduledSampling(), s.seed(), step);
    }

    /** The scheduled-sampling coin of {@code step}: true with probability {@code rate}, a pure function of its arguments. */
    static boolean autoregressiveStep(double rate, long seed, long step) {
        if (rate <= 0) {
            return false;
        }
        return rate >= 1 || new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step).nextDouble() < rate;
    }

    /**
     * The training forward of step {@code step}: teacher forcing or, when {@link #autoregressiveStep} says so,
     * the autoregressive path. {@code in} (b, hw+pw, 3) normalised → (b, pw, 3) normalised predictions.
     *
     * @param dropout LoRA dropout on (training); off, the result is a deterministic function of the weights
     */
    NDArray trainingPredictions(NDArray in, long step, boolean dropout) {
        return autoregressiveStep(step) ? autoregressive(in, dropout) : teacherForced(in, dropout);
    }

    /** Teacher forcing: one pass over LN(e(history ++ ground truth)); the head at hw−1 … hw+pw−2. */
    private NDArray teacherForced(NDArray in, boolean dropout) {
        int len = s.hw() + s.pw();
        NDArray tokens = modules.layerNorm(modules.embed(in)); // (b, hw+pw, E)
        NDArray h = base.forward(tokens, ForwardOptions.DEFAULT.withAdapter(adapter, dropout)).lastHiddenState();
        h.attach(in.getManager());
        NDArray read = h.get(new NDIndex(":, {}:{}, :", s.hw() - 1, len - 1)); // (b, pw, E)
        return modules.head(read); // (b, pw, 3)
    }

    /**
     * The autoregressive path, as generation runs it (§4.2, {@link NetLlmVpModel}): LN'd history tokens, then pw
     * times the head on the last position and the prediction appended as a token (LN'd unless the checkpoint
     * keeps upstream's raw tokens). The ground-truth future is not read. Gradients flow through the whole
     * chain, appended predictions included, as upstream's {@code Pipeline.auto_regressive} (no detach).
     */
    private NDArray autoregressive(NDArray in, boolean dropout) {
        long b = in.getShape().get(0);
        NDManager m = in.getManager();
        ForwardOptions opts = ForwardOptions.DEFAULT.withAdapter(adapter, dropout);
        NDArray tokens = modules.layerNorm(modules.embed(in.get(new NDIndex(":, :{}, :", s.hw())))); // (b, hw, E)
        NDList steps = new NDList();
        for (int k = 0; k < s.pw(); k++) {
            // the full forward, then the last position by slicing — not forwardAt: its gather index lives in a scope
            // closed before backward, and autograd then read freed memory (a run failed with an index of 1.4e14)
            NDArray h = base.forward(tokens, opts).lastHiddenState(); // (b, seq, E)
            h.attach(m);
            NDArray y = modules.head(h.get(new NDIndex(":, -1, :"))); // (b, 3)
            steps.add(y.expandDims(1)); // (b, 1, 3)
            if (k + 1 < s.pw()) {
                NDArray raw = modules.embed(y).reshape(b, 1, modules.hidden()); // (b, 1, E)
                tokens = NDArrays.concat(new NDList(tokens, s.layerNormAppended() ? modules.layerNorm(raw) : raw), 1);
            }
        }
        return NDArrays.concat(steps, 1); // (b, pw, 3)
    }

    /** One optimizer step; returns {mean loss, pre-clip gradient norm}. */
    double[] trainStep(AdamW decay, AdamW noDecay, float[] x, int b, long step, int epoch) {
        Engine.getInstance().setRandomSeed((int) (s.seed() * 31 + step)); // LoRA dropout masks = f(seed, step)
        int len = s.hw() + s.pw();
        try (NDManager m = base.manager().newSubManager()) {
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray in = m.create(x, new Shape(b, len, Axis.COUNT)); // (b, hw+pw, 3) normalised
                NDArray y = trainingPredictions(in, step, true); // (b, pw, 3)
                NDArray target = in.get(new NDIndex(":, {}:, :", s.hw())); // (b, pw, 3)
                NDArray l = y.sub(target).square().mean();
                gc.backward(l);
                loss = l.getFloat();
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            Map<String, NDArray> gDecay = new LinkedHashMap<>();
            Map<String, NDArray> gNoDecay = new LinkedHashMap<>();
            decayParams.forEach((n, p) -> {
                NDArray g = p.getGradient();
                g.attach(m);
                grads.put(n, g);
                gDecay.put(n, g);
            });
            noDecayParams.forEach((n, p) -> {
                NDArray g = p.getGradient();
                g.attach(m);
                grads.put(n, g);
                gNoDecay.put(n, g);
            });
            GradClip.Result clip = GradClip.clip(grads, s.clip());
            if (!Double.isFinite(loss) || !clip.finite()) {
                throw new IllegalStateException("step " + step + " (epoch " + (epoch + 1) + "): non-finite loss (" + loss
                        + ") or gradients " + clip.nonFinite() + "; the best checkpoint so far is in " + out.resolve(BEST_DIR)
                        + "; lower --lr and resume or restart");
            }
            decay.step(decayParams, gDecay, s.lr());
            noDecay.step(noDecayParams, gNoDecay, s.lr());
            for (NDArray g : grads.values()) {
                g.subi(g); // zero_grad
            }
            return new double[] {loss, clip.norm()};
        }
    }

    /** Writes the current weights as an inference checkpoint folder (same layout as the ABR adapter's). */
    public void saveCheckpoint(Path dir) throws IOException {
        Files.createDirectories(dir.resolve(VpCheckpoint.ADAPTER_DIR));
        adapter.save(dir.resolve(VpCheckpoint.ADAPTER_DIR));
        modules.save(dir.resolve(VpCheckpoint.MODULES_FILE));
        new VpCheckpoint(backboneName, backboneSha, base.hiddenSize(), s.rank(), s.hw(), s.pw(), s.seed(), s.layerNormAppended()).write(dir);
    }

    /**
     * Scores a saved checkpoint the way deployment runs it (opened from disk, autoregressive generation):
     * {normalised MSE, docs/reference/vp.md §2 MAE in degrees} over the validation samples.
     */
    double[] validate(Path dir) throws IOException {
        SharedBackboneLoader loader = new SharedBackboneLoader(LoadOptions.defaults());
        try (NetLlmVpModel model = NetLlmVpModel.open(dir, backboneDir, loader)) {
            return score(model, valid);
        }
    }

    /** {normalised MSE, MAE degrees} of a model over samples (batched autoregression, rows independent). */
    public static double[] score(NetLlmVpModel model, List<VpSample> samples) {
        MaeAccumulator mae = new MaeAccumulator();
        double se = 0;
        long n = 0;
        for (int from = 0; from < samples.size(); from += VALID_CHUNK) {
            List<VpSample> chunk = samples.subList(from, Math.min(samples.size(), from + VALID_CHUNK));
            double[][][] h = new double[chunk.size()][][];
            for (int i = 0; i < h.length; i++) {
                h[i] = chunk.get(i).history();
            }
            int pw = chunk.get(0).future().length;
            double[][][] p = model.predictBatch(h, pw);
            for (int i = 0; i < h.length; i++) {
                double[][] g = chunk.get(i).future();
                mae.add(g, p[i]);
                for (int k = 0; k < pw; k++) {
                    for (Axis a : Axis.values()) {
                        double d = Normalisation.normalise(a, p[i][k][a.ordinal()]) - Normalisation.normalise(a, g[k][a.ordinal()]);
                        se += d * d;
                        n++;
                    }
                }
            }
        }
        return new double[] {se / n, mae.result().maeDeg()};
    }

    private void writeState(AdamW decay, AdamW noDecay, int epoch, long step, double best, int bestEpoch, long elapsedMs)
            throws IOException {
        Path dir = out.resolve(RESUME_DIR);
        List<Safetensors.F32Tensor> tensors = new ArrayList<>();
        decay.state().forEach((n, a) -> tensors.add(new Safetensors.F32Tensor(DECAY + n, a.getShape().getShape(), a.toFloatArray())));
        noDecay.state().forEach((n, a) -> tensors.add(new Safetensors.F32Tensor(NO_DECAY + n, a.getShape().getShape(), a.toFloatArray())));
        Safetensors.writeF32(dir.resolve(OPTIMIZER_FILE), tensors, Map.of("optimizer", "adamw", "task", VpCheckpoint.TASK));
        ObjectNode st = JSON.createObjectNode();
        st.put("task", VpCheckpoint.TASK);
        st.put("epoch", epoch);
        st.put("step", step);
        st.put("best_valid_mse", Double.isFinite(best) ? best : -1);
        st.put("best_epoch", bestEpoch);
        st.put("elapsed_ms", elapsedMs);
        st.put("seed", s.seed());
        st.put("samples", train.length);
        st.put("batch", s.batch());
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(st), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(STATE_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode readState(AdamW decay, AdamW noDecay) throws IOException {
        Path dir = out.resolve(RESUME_DIR);
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": no resume state (was the run started with this --out?)");
        }
        JsonNode st = JSON.readTree(file.toFile());
        for (String k : List.of("epoch", "step", "best_valid_mse", "best_epoch", "elapsed_ms", "seed", "samples", "batch")) {
            if (st == null || !st.path(k).isNumber()) {
                throw new CheckpointException(file + ": missing or non-numeric '" + k + "'");
            }
        }
        if (st.get("seed").asLong() != s.seed() || st.get("samples").asInt() != train.length || st.get("batch").asInt() != s.batch()) {
            throw new CheckpointException(file + ": made with seed " + st.get("seed").asLong() + ", " + st.get("samples").asInt()
                    + " samples, batch " + st.get("batch").asInt() + "; this run has seed " + s.seed() + ", " + train.length
                    + " samples, batch " + s.batch());
        }
        Map<String, float[]> d = new LinkedHashMap<>();
        Map<String, float[]> nd = new LinkedHashMap<>();
        try (Safetensors opt = Safetensors.open(dir.resolve(OPTIMIZER_FILE))) {
            for (var e : opt.tensors().values()) {
                if (e.name().startsWith(DECAY)) {
                    d.put(e.name().substring(DECAY.length()), e.toFloatArray());
                } else if (e.name().startsWith(NO_DECAY)) {
                    nd.put(e.name().substring(NO_DECAY.length()), e.toFloatArray());
                }
            }
        }
        try {
            decay.restore(d, st.get("step").asLong());
            noDecay.restore(nd, st.get("step").asLong());
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
