package org.netllm.testbed.abr.netllm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.netllm.AbrDtLayout;
import org.netllm.testbed.abr.netllm.NetLlmAbrModel;
import org.netllm.testbed.abr.netllm.pool.ExperiencePool;
import org.netllm.testbed.abr.netllm.pool.ExperiencePoolFile;
import org.netllm.testbed.abr.netllm.pool.PoolCollectorTestAccess;
import org.netllm.testbed.netllm.adapt.DecisionTransformer;
import org.netllm.testbed.netllm.adapt.DtInferenceState;
import org.netllm.testbed.netllm.adapt.LlamaDtBackboneLoader;
import org.netllm.testbed.netllm.adapt.train.DtTrainer;
import org.netllm.testbed.netllm.adapt.train.DtWindowForward;
import org.netllm.testbed.netllm.adapt.train.TrainingConfig;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.lora.LoraConfig;

/**
 * DD-LRNA training on a tiny real Llama (DJL autograd): the loss falls, a resumed run equals an
 * uninterrupted one, and the training forward equals inference where their inputs coincide.
 */
class AbrTrainingTest {

    private static final int HIDDEN = 32;
    private static final int FEATURES = 8;
    private static final int WINDOW = 4;
    private static final PrintStream QUIET = new PrintStream(java.io.OutputStream.nullOutputStream());

    @TempDir
    static Path dir;

    private static Path backbone;
    private static Path pool;

    @BeforeAll
    static void data() throws IOException {
        backbone = dir.resolve("backbone");
        TinyLlama.write(backbone, TinyLlama.Spec.defaults().withSizes(HIDDEN, 2, 4, 2, 64).withSeed(3));
        ExperiencePool p = PoolCollectorTestAccess.collect(List.of("bba", "robustmpc"), 2, 7);
        pool = dir.resolve("tiny.pool");
        ExperiencePoolFile.write(pool, p);
    }

    private static AbrTrainingSettings settings(Path out, double lr, double dropout, long maxSteps) {
        TrainingConfig cfg = new TrainingConfig(WINDOW, WINDOW, lr, 1e-4, 5, 8, 0.25, 50, 1000, 100003,
                Duration.ofHours(1), maxSteps);
        return new AbrTrainingSettings(backbone, pool, out, new LoraConfig(4, 8, dropout, LoraConfig.DEFAULT_TARGETS),
                FEATURES, -1, Path.of(System.getProperty("testbed.root", ".")).resolve("traces/fcc/valid"), 2,
                "envivio", 1, cfg);
    }

    private static float loss(AbrTraining t, int[] starts) {
        t.model().setTraining(false);
        try (NDManager m = t.model().base().manager().newSubManager()) {
            return t.model().forward().loss(t.batch(starts), starts.length, m).getFloat();
        }
    }

    @Test
    void aFewStepsReduceTheLoss() throws IOException {
        try (AbrTraining t = AbrTraining.open(settings(dir.resolve("loss"), 1e-2, 0.0, 12), false)) {
            int[] starts = java.util.Arrays.copyOf(t.data().starts(), 16);
            float before = loss(t, starts);
            DtTrainer.Result r = t.train(false, QUIET, false);
            assertEquals(12, r.steps());
            float after = loss(t, starts);
            assertTrue(after < before * 0.9, "loss " + before + " -> " + after);
            assertTrue(Double.isFinite(r.bestScore()), "validation in the simulator gave a score");
        }
        // every metrics line records the epoch's largest pre-clip gradient norm
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("loss").resolve(DtTrainer.METRICS_FILE));
        assertTrue(!lines.isEmpty());
        for (String line : lines) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertTrue(node.has("grad_norm_max"), line);
            double g = node.get("grad_norm_max").asDouble();
            assertTrue(Double.isFinite(g) && g > 0, line);
        }
    }

    @Test
    void resumeContinuesExactlyAsAnUninterruptedRun() throws IOException {
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        try (AbrTraining t = AbrTraining.open(settings(straight, 1e-3, 0.05, 3), false)) {
            t.train(false, QUIET, false);
        }
        try (AbrTraining t = AbrTraining.open(settings(split, 1e-3, 0.05, 2), false)) {
            t.train(false, QUIET, false);
        }
        try (AbrTraining t = AbrTraining.open(settings(split, 1e-3, 0.05, 3), true)) {
            assertEquals(3, t.train(true, QUIET, false).steps());
        }
        for (String f : List.of("last/modules.safetensors", "last/adapter/adapter_model.safetensors",
                "resume/optimizer.safetensors")) {
            try (Safetensors a = Safetensors.open(straight.resolve(f)); Safetensors b = Safetensors.open(split.resolve(f))) {
                assertEquals(a.tensors().keySet(), b.tensors().keySet());
                for (String k : a.tensors().keySet()) {
                    assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 1e-6f, f + " " + k);
                }
            }
        }
    }

    @Test
    void trainingForwardEqualsInferenceAtTheFirstStepOfAWindow() throws IOException {
        Path out = dir.resolve("equal");
        try (AbrTraining t = AbrTraining.open(settings(out, 1e-3, 0.05, 1), false)) {
            t.train(false, QUIET, false);
            t.model().setTraining(false);
            int start = t.data().starts()[3];
            DtWindowForward.Batch<float[][]> b = t.batch(new int[] {start});
            float[] trainLogits;
            try (NDManager m = t.model().base().manager().newSubManager()) {
                NDArray logits = t.model().forward().logits(b, m);                  // (1, w, 6)
                trainLogits = logits.get("0, 0").toFloatArray();
            }
            try (NetLlmAbrModel model = NetLlmAbrModel.open(out.resolve(DtTrainer.LAST_DIR),
                    LlamaDtBackboneLoader.INSTANCE, Optional.empty())) {
                DecisionTransformer<float[][]> dt = model.transformer();
                try (DtInferenceState s = dt.newState()) {
                    float[] inferLogits = dt.predict(s, t.pool().state(start), b.returns()[0], b.timesteps()[0]);
                    assertEquals(AbrDtLayout.ACTION_DIM, inferLogits.length);
                    assertArrayEquals(trainLogits, inferLogits, 1e-4f);
                }
            }
        }
    }
}
