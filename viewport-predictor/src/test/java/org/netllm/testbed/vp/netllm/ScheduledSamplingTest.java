package org.netllm.testbed.vp.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.vp.data.Axis;
import org.netllm.testbed.vp.data.Normalisation;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled sampling (docs/reference/vp.md §4.3). Oracles come from the inference code ({@link NetLlmVpModel},
 * checked elsewhere against the references): at rate 1 the training forward is the generation path (§4.2); at
 * rate 0 it is teacher forcing, whose prediction k equals a one-step generation from history ++ future[0..k)
 * (causal attention, every token LayerNorm'd).
 */
class ScheduledSamplingTest {
    private static final int HW = 10;
    private static final int PW = 20;
    private static final double TOLERANCE = 1e-4; // normalised units (1e-4 × 180° ≈ 0.02°)
    @TempDir
    static Path tmp;
    private static Path backbone;
    private static List<VpSample> train;
    private static List<VpSample> probe;

    @BeforeAll
    static void setUp() throws IOException {
        backbone = tmp.resolve("backbone");
        TinyLlama.write(backbone, TinyLlama.Spec.defaults());
        VpData data = VpData.bundled();
        WindowSettings w = WindowSettings.of(HW, PW);
        train = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.TRAIN, w).subList(0, 32); // one optimizer step
        probe = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.VALID, w).subList(0, 5);
    }

    private static VpTrainingSettings settings(double rate) {
        return new VpTrainingSettings(HW, PW, 4, 1e-2, 1e-4, 32, 1.0, 1, 1, 0, 7, Duration.ofHours(1), true, rate);
    }

    private static VpTrainer trainer(Path out, double rate, boolean resume) throws IOException {
        return new VpTrainer(settings(rate), backbone, backbone.toString(), train, probe, out, new PrintStream(new ByteArrayOutputStream()), resume);
    }

    /** The trainer's forward for {@code step} without dropout: (b, pw, 3) normalised, as [row][k][axis]. */
    private static double[][][] trainingForward(VpTrainer t, long step) {
        float[][] rows = VpTrainer.flatten(probe, HW, PW);
        float[] x = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, x, i * rows[i].length, rows[i].length);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray in = m.create(x, new Shape(rows.length, HW + PW, Axis.COUNT));
            float[] y = t.trainingPredictions(in, step, false).toFloatArray();
            double[][][] out = new double[rows.length][PW][Axis.COUNT];
            for (int i = 0; i < y.length; i++) {
                out[i / (PW * Axis.COUNT)][(i / Axis.COUNT) % PW][i % Axis.COUNT] = y[i];
            }
            return out;
        }
    }

    private static double maxDiff(double[][][] a, double[][][] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                for (int j = 0; j < Axis.COUNT; j++) {
                    d = Math.max(d, Math.abs(a[i][k][j] - b[i][k][j]));
                }
            }
        }
        return d;
    }

    @Test
    void rateOneTrainsTheGenerationPathAndRateZeroTeacherForcing() throws IOException {
        Path run = tmp.resolve("run");
        // one epoch at rate 1: the autoregressive path trains (gradients through every appended prediction), and
        // LoRA B leaves zero so the adapter matters in the comparisons below
        double[][][] autoregressive;
        try (VpTrainer t = trainer(run, 1.0, false)) {
            VpTrainer.Result r = t.run(false);
            assertTrue(Double.isFinite(r.lastLoss()) && Double.isFinite(r.bestValidMse()));
            autoregressive = trainingForward(t, 123);
        }
        double[][][] teacherForced;
        try (VpTrainer t = trainer(run, 0.0, true)) { // the same weights (OUT/last), rate 0
            teacherForced = trainingForward(t, 123);
        }
        SharedBackboneLoader loader = new SharedBackboneLoader(LoadOptions.defaults());
        try (NetLlmVpModel model = NetLlmVpModel.open(run.resolve(VpTrainer.LAST_DIR), backbone, loader)) {
            double[][][] histories = probe.stream().map(VpSample::history).toArray(double[][][]::new);
            double[][][] generated = model.predictBatch(histories, PW);
            double[][][] oracleAr = new double[probe.size()][][];
            for (int i = 0; i < oracleAr.length; i++) {
                oracleAr[i] = Normalisation.normalise(generated[i]);
            }
            assertTrue(maxDiff(autoregressive, oracleAr) <= TOLERANCE, "rate 1 = generation, max diff " + maxDiff(autoregressive, oracleAr));

            double[][][] oracleTf = new double[probe.size()][PW][];
            for (int k = 0; k < PW; k++) {
                double[][][] prefixes = new double[probe.size()][][];
                for (int i = 0; i < prefixes.length; i++) {
                    VpSample smp = probe.get(i);
                    double[][] h = new double[HW + k][];
                    System.arraycopy(smp.history(), 0, h, 0, HW);
                    System.arraycopy(smp.future(), 0, h, HW, k);
                    prefixes[i] = h;
                }
                double[][][] next = model.predictBatch(prefixes, 1);
                for (int i = 0; i < prefixes.length; i++) {
                    oracleTf[i][k] = Normalisation.normalise(next[i])[0];
                }
            }
            assertTrue(maxDiff(teacherForced, oracleTf) <= TOLERANCE, "rate 0 = teacher forcing, max diff " + maxDiff(teacherForced, oracleTf));
            // the two paths really differ (else the checks above could not tell them apart)
            assertTrue(maxDiff(oracleAr, oracleTf) > 100 * TOLERANCE, "paths differ: " + maxDiff(oracleAr, oracleTf));
        }
    }

    @Test
    void coinIsSeededAndHasTheRequestedRate() {
        int n = 20_000;
        int hits = 0;
        for (long step = 0; step < n; step++) {
            boolean a = VpTrainer.autoregressiveStep(VpTrainingSettings.UPSTREAM_SCHEDULED_SAMPLING, 1, step);
            assertEquals(a, VpTrainer.autoregressiveStep(VpTrainingSettings.UPSTREAM_SCHEDULED_SAMPLING, 1, step), "pure function");
            hits += a ? 1 : 0;
            assertFalse(VpTrainer.autoregressiveStep(0, 1, step));
            assertTrue(VpTrainer.autoregressiveStep(1, 1, step));
        }
        // binomial(20 000, 0.04): sd ≈ 27.7, so ±5 sd is [661, 939]
        assertTrue(hits > 661 && hits < 939, "share " + hits + " / " + n);
        int other = 0;
        for (long step = 0; step < n; step++) {
            other += VpTrainer.autoregressiveStep(0.04, 2, step) != VpTrainer.autoregressiveStep(0.04, 1, step) ? 1 : 0;
        }
        assertTrue(other > 0, "another seed draws other coins");
    }

    @Test
    void rateOutsideTheUnitIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(1.5));
        assertTrue(e.getMessage().contains("scheduled-sampling"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> settings(-0.1));
    }
}
