package org.netllm.testbed.vp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.io.Safetensors;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.BaselineEvaluation;
import org.netllm.testbed.vp.netllm.NetLlmVpModel;
import org.netllm.testbed.vp.netllm.VpCheckpoint;
import org.netllm.testbed.vp.netllm.VpTrainer;
import org.netllm.testbed.vp.netllm.VpTrainingSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training smoke test on a tiny random backbone: a short run writes the ABR-style layout, validates, resumes
 * exactly, and its checkpoint opens the way deployment opens it (only on its own backbone, only as task vp).
 */
class NetLlmVpTrainingSmokeTest {
    @TempDir
    static Path tmp;
    private static Path backbone;
    private static List<VpSample> train;
    private static List<VpSample> valid;

    @BeforeAll
    static void setUp() throws IOException {
        backbone = tmp.resolve("backbone");
        TinyLlama.write(backbone, TinyLlama.Spec.defaults());
        VpData data = VpData.bundled();
        train = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.TRAIN, WindowSettings.of(10, 20)).subList(0, 80);
        valid = BaselineEvaluation.samples(data, VpDataset.JIN2022, VpSplit.VALID, WindowSettings.of(10, 20)).subList(0, 40);
    }

    private static VpTrainingSettings settings(int epochs) {
        return new VpTrainingSettings(10, 20, 4, 1e-3, 1e-4, 32, 1.0, epochs, 1, 0, 7, Duration.ofHours(1), true, 0);
    }

    private static VpTrainer.Result train(Path out, int epochs, boolean resume) throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try (VpTrainer t = new VpTrainer(settings(epochs), backbone, backbone.toString(), train, valid, out, quiet, resume)) {
            return t.run(resume);
        }
    }

    private static float[] tensor(Path dir, String name) throws IOException {
        try (Safetensors st = Safetensors.open(dir.resolve(VpCheckpoint.MODULES_FILE))) {
            return st.get(name).toFloatArray();
        }
    }

    @Test
    void shortRunWritesTheLayoutValidatesAndResumesExactly() throws IOException {
        Path full = tmp.resolve("full");
        VpTrainer.Result r = train(full, 2, false);
        assertTrue(r.finished());
        assertEquals(2, r.epochsDone());
        assertEquals(6, r.steps()); // ceil(80 / 32) × 2
        assertTrue(Double.isFinite(r.bestValidMse()) && r.bestValidMse() > 0);
        for (String f : List.of("best/config.json", "best/modules.safetensors", "best/adapter/adapter_model.safetensors",
                "last/config.json", "resume/state.json", "resume/optimizer.safetensors")) {
            assertTrue(Files.isRegularFile(full.resolve(f)), f);
        }
        assertEquals(2, Files.readAllLines(full.resolve(VpTrainer.METRICS_FILE)).size());
        assertEquals("vp", VpCheckpoint.read(full.resolve("best")) != null ? VpCheckpoint.TASK : "");

        Path split = tmp.resolve("split");
        train(split, 1, false);
        VpTrainer.Result resumed = train(split, 2, true);
        assertEquals(6, resumed.steps());
        for (String name : List.of("embed_vp.weight", "networking_head.weight", "embed_ln.bias")) {
            assertArrayEquals(tensor(full.resolve("last"), name), tensor(split.resolve("last"), name), 1e-6f, name);
        }
        // the frozen encoder never moves
        assertArrayEquals(tensor(full.resolve("last"), "conv.weight"), tensor(split.resolve("last"), "conv.weight"), 0f);
    }

    @Test
    void checkpointOpensOnlyOnItsBackboneAndPredictsBoundedAngles() throws IOException {
        Path run = tmp.resolve("open");
        train(run, 1, false);
        Path best = run.resolve("best");
        SharedBackboneLoader loader = new SharedBackboneLoader(LoadOptions.defaults());
        try (NetLlmVpModel m = NetLlmVpModel.open(best, backbone, loader)) {
            double[][] h = valid.get(0).history();
            double[][] one = m.predict(h, 30);
            assertEquals(30, one.length);
            for (double[] p : one) {
                assertTrue(Math.abs(p[0]) < 180 && Math.abs(p[1]) < 90 && Math.abs(p[2]) < 180);
            }
            double[][][] batch = m.predictBatch(new double[][][] {valid.get(1).history(), h}, 30);
            for (int k = 0; k < 30; k++) {
                assertArrayEquals(one[k], batch[1][k], 1e-3, "batched row = single request, step " + k);
            }
        }
        Path other = tmp.resolve("other-backbone");
        TinyLlama.write(other, TinyLlama.Spec.defaults().withSeed(99));
        assertThrows(CheckpointException.class, () -> NetLlmVpModel.open(best, other, loader));
        Path abr = tmp.resolve("as-abr");
        Files.createDirectories(abr);
        Files.writeString(abr.resolve("config.json"), Files.readString(best.resolve("config.json")).replace("\"vp\"", "\"abr\""));
        var e = assertThrows(CheckpointException.class, () -> VpCheckpoint.read(abr));
        assertTrue(e.getMessage().contains("task is 'abr'"), e.getMessage());
    }
}
