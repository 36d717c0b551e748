package org.netllm.testbed.netllm.adapt.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.checkpoint.CheckpointFolders;

/**
 * NetLLM's offline-RL fine-tuning loop (docs/reference/abr.md §7.4, {@code N:plm_special/trainer.py}),
 * task-agnostic: shuffled windows, loss / accum summed over {@code accum} windows per optimizer
 * step (one batched forward instead of 32 backward passes — the same gradient), grad-norm
 * clipping, AdamW with LambdaLR warm-up, an optimizer step also at the end of each epoch,
 * validation every {@code evalEvery} epochs with best-checkpoint selection, and resume.
 *
 * <p>Output folder:
 * <pre>
 * OUT/best/            inference checkpoint with the highest validation score
 * OUT/last/            latest weights (inference checkpoint; also the resume weights)
 * OUT/resume/          state.json (epoch, position, step, best, elapsed, seed) + optimizer.safetensors
 * OUT/metrics.jsonl    one JSON object per epoch / stop
 * </pre>
 * Randomness is a pure function of (seed, epoch) for the window order and (seed, step) for
 * dropout (torch is reseeded before every step), so a resumed run continues exactly as an
 * uninterrupted one would.
 */
public final class DtTrainer<O> {

    public static final String BEST_DIR = "best";
    public static final String LAST_DIR = "last";
    public static final String RESUME_DIR = "resume";
    public static final String STATE_FILE = "state.json";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String METRICS_FILE = "metrics.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a run ended. */
    public record Result(long steps, int epochsDone, double bestScore, int bestEpoch, boolean finished,
            Duration elapsed, double lastLoss) {
    }

    /** Loop position saved for resume. */
    record Position(int epoch, int offset, long step, double best, int bestEpoch, long elapsedMs) {
    }

    private final TrainableDt<O> model;
    private final WindowDataset data;
    private final TrainingTask<O> task;
    private final TrainingConfig cfg;
    private final Path out;
    private final PrintStream log;
    private final boolean interactive;
    private final WarmupSchedule schedule;

    public DtTrainer(TrainableDt<O> model, WindowDataset data, TrainingTask<O> task, TrainingConfig cfg, Path out,
            PrintStream log, boolean interactive) {
        this.model = model;
        this.data = data;
        this.task = task;
        this.cfg = cfg;
        this.out = out;
        this.log = log;
        this.interactive = interactive;
        this.schedule = new WarmupSchedule(cfg.lr(), cfg.warmupSteps());
    }

    /** Optimizer steps per epoch: ceil(windows / accum) (the last, partial group also steps). */
    public int stepsPerEpoch() {
        return (data.size() + cfg.accum() - 1) / cfg.accum();
    }

    /** Trains from scratch, or from OUT/resume when {@code resume} (model weights must come from OUT/last). */
    public Result run(boolean resume) throws IOException {
        Files.createDirectories(out.resolve(RESUME_DIR));
        try (AdamW opt = new AdamW(model.parameters(), cfg.weightDecay(), model.base().manager())) {
            Position pos = resume ? readPosition(opt) : new Position(0, 0, 0, Double.NEGATIVE_INFINITY, -1, 0);
            long startNs = System.nanoTime() - pos.elapsedMs() * 1_000_000L;
            long totalSteps = (long) stepsPerEpoch() * cfg.epochs();
            if (cfg.maxSteps() > 0) {
                totalSteps = Math.min(totalSteps, cfg.maxSteps());
            }
            TrainingProgress bar = new TrainingProgress(log, interactive, totalSteps);
            int epoch = pos.epoch();
            int offset = pos.offset();
            long step = pos.step();
            double best = pos.best();
            int bestEpoch = pos.bestEpoch();
            long stepsThisRun = 0;
            long runStartNs = System.nanoTime();
            double lastLoss = Double.NaN;
            String valid = bestEpoch < 0 ? "valid -" : String.format("best %.4f@%d", best, bestEpoch);
            boolean stop = false;
            while (epoch < cfg.epochs() && !stop) {
                int[] order = data.epochOrder(cfg.seed(), epoch);
                double lossSum = 0;
                int lossCount = 0;
                double gradNormMax = Double.NaN; // pre-clip global norm, largest this epoch (NaN: no step)
                while (offset < order.length) {
                    int b = Math.min(cfg.accum(), order.length - offset);
                    int[] starts = new int[b];
                    for (int i = 0; i < b; i++) {
                        starts[i] = data.starts()[order[offset + i]];
                    }
                    StepStats st = trainStep(opt, starts, step, epoch);
                    lastLoss = st.loss();
                    gradNormMax = Double.isNaN(gradNormMax) ? st.gradNorm() : Math.max(gradNormMax, st.gradNorm());
                    lossSum += lastLoss;
                    lossCount++;
                    offset += b;
                    step++;
                    stepsThisRun++;
                    double rate = stepsThisRun / Math.max(1e-9, (System.nanoTime() - runStartNs) / 1e9);
                    bar.step(step, epoch + 1, cfg.epochs(), lastLoss, schedule.lr(step - 1), rate, left(startNs), valid);
                    if (budgetSpent(startNs) || (cfg.maxSteps() > 0 && step >= cfg.maxSteps())) {
                        stop = true;
                        break;
                    }
                }
                boolean epochDone = offset >= order.length;
                if (epochDone) {
                    epoch++;
                    offset = 0;
                }
                ObjectNode metrics = JSON.createObjectNode();
                metrics.put("epoch", epoch);
                metrics.put("epoch_complete", epochDone);
                metrics.put("step", step);
                metrics.put("train_loss", lossCount == 0 ? Double.NaN : lossSum / lossCount);
                metrics.put("lr", schedule.lr(Math.max(0, step - 1)));
                metrics.put("grad_norm_max", gradNormMax);
                task.saveModel(out.resolve(LAST_DIR));
                boolean evaluate = stop || epoch >= cfg.epochs() || (epochDone && epoch % cfg.evalEvery() == 0);
                if (evaluate) {
                    double score = task.validate(out.resolve(LAST_DIR));
                    metrics.put("valid_score", score);
                    if (score > best) {
                        best = score;
                        bestEpoch = epoch;
                        CheckpointFolders.replace(out.resolve(LAST_DIR), out.resolve(BEST_DIR));
                        metrics.put("new_best", true);
                    }
                    valid = String.format("valid %.4f best %.4f@%d", score, best, bestEpoch);
                }
                long elapsedMs = (System.nanoTime() - startNs) / 1_000_000L;
                metrics.put("elapsed_s", elapsedMs / 1000.0);
                appendMetrics(metrics);
                writePosition(opt, new Position(epoch, offset, step, best, bestEpoch, elapsedMs));
                double rate = stepsThisRun / Math.max(1e-9, (System.nanoTime() - runStartNs) / 1e9);
                bar.epoch(step, epoch, cfg.epochs(), lossCount == 0 ? Double.NaN : lossSum / lossCount,
                        schedule.lr(Math.max(0, step - 1)), rate, left(startNs), valid);
            }
            boolean finished = epoch >= cfg.epochs();
            return new Result(step, epoch, best, bestEpoch, finished,
                    Duration.ofNanos(System.nanoTime() - startNs), lastLoss);
        }
    }

    /** What one optimizer step measured: mean per-window loss and the global gradient norm before clipping. */
    record StepStats(double loss, double gradNorm) {
    }

    /** One optimizer step over these windows ({@code epoch} is 0-based and only used in error messages). */
    StepStats trainStep(AdamW opt, int[] starts, long step, int epoch) {
        // dropout masks depend only on (seed, step): resume-exact
        Engine.getInstance().setRandomSeed((int) (cfg.seed() * 31 + step));
        model.setTraining(true);
        double loss;
        NDManager root = model.base().manager();
        try (NDManager m = root.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = model.forward().loss(task.batch(starts), cfg.accum(), m);
                gc.backward(l);
                loss = l.getFloat() * cfg.accum() / starts.length;
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            model.parameters().forEach((name, p) -> {
                NDArray g = p.getGradient();
                g.attach(m);
                grads.put(name, g);
            });
            GradClip.Result clip = GradClip.clip(grads, cfg.clip());
            if (!Double.isFinite(loss) || !clip.finite()) {
                // stop loudly: an overflowing step would poison every weight through AdamW's moments
                // (overwriting the NaN gradients in place crashed libtorch, so no skip-and-continue)
                throw new IllegalStateException(nonFiniteMessage(step, epoch, loss, clip, out.resolve(BEST_DIR)));
            }
            opt.step(model.parameters(), grads, schedule.lr(step));
            for (NDArray g : grads.values()) {
                g.subi(g); // zero_grad
            }
            return new StepStats(loss, clip.norm());
        }
    }

    /** Names the step, the epoch (1-based, as the progress bar shows it) and every non-finite gradient. */
    static String nonFiniteMessage(long step, int epoch, double loss, GradClip.Result clip, Path best) {
        String which = clip.nonFinite().isEmpty() ? "none (all gradients finite)"
                : String.join(", ", clip.nonFinite());
        return "step " + step + " (epoch " + (epoch + 1) + "): non-finite loss (" + loss + ") or gradient norm ("
                + clip.norm() + "); parameters with non-finite gradients: " + which
                + "; the best checkpoint so far is in " + best + "; lower --lr and resume or restart";
    }

    private boolean budgetSpent(long startNs) {
        return System.nanoTime() - startNs >= cfg.timeBudget().toNanos();
    }

    private Duration left(long startNs) {
        return cfg.timeBudget().minusNanos(System.nanoTime() - startNs);
    }

    private void appendMetrics(ObjectNode line) throws IOException {
        Files.writeString(out.resolve(METRICS_FILE), JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void writePosition(AdamW opt, Position p) throws IOException {
        Path dir = out.resolve(RESUME_DIR);
        List<Safetensors.F32Tensor> tensors = new ArrayList<>();
        opt.state().forEach((name, a) -> tensors.add(new Safetensors.F32Tensor(name, a.getShape().getShape(),
                a.toFloatArray())));
        Safetensors.writeF32(dir.resolve(OPTIMIZER_FILE), tensors, Map.of("optimizer", "adamw"));
        ObjectNode s = JSON.createObjectNode();
        s.put("epoch", p.epoch());
        s.put("offset", p.offset());
        s.put("step", p.step());
        s.put("best_score", p.best());
        s.put("best_epoch", p.bestEpoch());
        s.put("elapsed_ms", p.elapsedMs());
        s.put("seed", cfg.seed());
        s.put("windows", data.size());
        s.put("accum", cfg.accum());
        s.put("rng", "window order = f(seed, epoch); dropout = torch seed (seed*31 + step)");
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Position readPosition(AdamW opt) throws IOException {
        Path dir = out.resolve(RESUME_DIR);
        Path file = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": no resume state (was the run started with this --out?)");
        }
        JsonNode s;
        try {
            s = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage());
        }
        for (String key : List.of("epoch", "offset", "step", "best_score", "best_epoch", "elapsed_ms", "seed", "windows", "accum")) {
            if (s == null || !s.hasNonNull(key) || !s.get(key).isNumber()) {
                throw new CheckpointException(file + ": missing or non-numeric '" + key + "'");
            }
        }
        if (s.get("seed").asLong() != cfg.seed() || s.get("windows").asInt() != data.size()
                || s.get("accum").asInt() != cfg.accum()) {
            throw new CheckpointException(file + ": resume state was made with seed " + s.get("seed").asLong() + ", "
                    + s.get("windows").asInt() + " windows, accum " + s.get("accum").asInt() + "; this run has seed "
                    + cfg.seed() + ", " + data.size() + " windows, accum " + cfg.accum());
        }
        Path optFile = dir.resolve(OPTIMIZER_FILE);
        if (!Files.isRegularFile(optFile)) {
            throw new CheckpointException(optFile + ": optimizer state missing");
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        try (Safetensors st = Safetensors.open(optFile)) {
            for (var e : st.tensors().values()) {
                state.put(e.name(), e.toFloatArray());
            }
        }
        long step = s.get("step").asLong();
        try {
            opt.restore(state, step);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(optFile + ": " + e.getMessage());
        }
        double best = s.get("best_score").asDouble();
        return new Position(s.get("epoch").asInt(), s.get("offset").asInt(), step,
                s.get("best_epoch").asInt() < 0 ? Double.NEGATIVE_INFINITY : best, s.get("best_epoch").asInt(),
                s.get("elapsed_ms").asLong());
    }
}
