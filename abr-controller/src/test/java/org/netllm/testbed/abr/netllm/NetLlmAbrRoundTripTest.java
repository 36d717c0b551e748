package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.io.Safetensors;

/**
 * Original-format checkpoint (torch zip pickle + PEFT safetensors) → {@code netllm import} → our
 * folder → replay through the DJL inference path, compared with {@link ReferenceAbrDt} computed
 * from the original tensors.
 */
class NetLlmAbrRoundTripTest {

    private static final int HIDDEN = 32;
    private static final int FEATURE = 8;
    private static final int ROWS = 48;
    private static final ReturnNormalisation NORM = new ReturnNormalisation(-10.0, 4.3, 0.045, 46, 1000);

    @TempDir
    Path dir;

    private final AbrDtFixture fx = new AbrDtFixture(HIDDEN, FEATURE, ROWS, 42);

    private BackboneLoader loader() {
        return (base, adapter, whichLayer) -> new CumulativeMeanBackbone(HIDDEN, fx.backboneWeight);
    }

    private Path importDefault(int window) throws IOException {
        Path out = dir.resolve("ckpt");
        AbrCheckpointImport.run(new AbrCheckpointImport.Request(fx.writeBase(dir), Optional.of(fx.writeAdapter(dir, false)),
                fx.writeModules(dir, Map.of(), List.of()), out, window, -1, NORM));
        return out;
    }

    private static List<NetLlmReplay.Step> randomSteps(int n, long seed) {
        return NetLlmAbrRoundTripTestSteps.random(n, seed);
    }

    private void assertMatchesReference(Path ckpt, int window, List<NetLlmReplay.Step> steps) throws IOException {
        assertMatchesReference(ckpt, window, steps, new ReferenceAbrDt(fx, window));
    }

    private void assertMatchesReference(Path ckpt, int window, List<NetLlmReplay.Step> steps, ReferenceAbrDt ref)
            throws IOException {
        try (NetLlmAbrModel model = NetLlmAbrModel.open(ckpt, loader(), Optional.of(window));
                NetLlmAbrSession session = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
            for (int i = 0; i < steps.size(); i++) {
                NetLlmReplay.Step s = steps.get(i);
                NetLlmAbrSession.Decision d = session.step(s.state(), s.returnToGo(), s.timestep(), s.action());
                double[] want = ref.step(s.state(), s.returnToGo(), s.timestep(), s.action());
                for (int q = 0; q < 6; q++) {
                    assertEquals(want[q], d.logits()[q], 1e-4, "step " + i + " logit " + q);
                }
                assertEquals(Math.min(i + 1, window), session.contextSteps(), "deque holds min(steps, w)");
            }
        }
    }

    @Test
    void replayMatchesDirectComputationWithWindowDroppingOldest() throws IOException {
        // w = 3: at most 3·8 + 7 = 31 tokens < E = 32, so only the window limits the context
        assertMatchesReference(importDefault(3), 3, randomSteps(12, 1));
    }

    @Test
    void longContextsAreCutToTheLastHiddenSizeTokens() throws IOException {
        // w = 6: 6·8 + 7 = 55 tokens > E = 32 → the original keeps the last 32 (docs/reference/abr.md §7.2)
        assertMatchesReference(importDefault(6), 6, randomSteps(9, 2));
    }

    @Test
    void fourteenConsecutiveDecisionsWithWindowFourFillAndSlide() throws IOException {
        // the shape of the independent check in issue 10: w = 4, 14 decisions of one session; the
        // context fills (steps 0..3) and then slides (steps 4..13); decisions 1..13 see past action
        // tokens, which carry their own step's time embedding (docs/reference/abr.md §7.6)
        assertMatchesReference(importDefault(4), 4, randomSteps(14, 7));
    }

    @Test
    void residualVariantAddsTheLastNormalisedToken() throws IOException {
        Path ckpt = importDefault(3);
        Path cfg = ckpt.resolve(DtCheckpointConfig.CONFIG_FILE);
        String json = Files.readString(cfg);
        assertTrue(json.contains("\"residual\" : false"), json);
        Files.writeString(cfg, json.replace("\"residual\" : false", "\"residual\" : true"));
        assertMatchesReference(ckpt, 3, randomSteps(10, 8), new ReferenceAbrDt(fx, 3).withResidual());
    }

    @Test
    void timestepsOfPastActionTokensMatter() throws IOException {
        // timesteps 20..25 instead of 0..5: rows of the time table other than the first few reach
        // the return, observation and action tokens of every past step
        List<NetLlmReplay.Step> a = randomSteps(6, 9);
        List<NetLlmReplay.Step> shifted = new java.util.ArrayList<>();
        for (NetLlmReplay.Step s : a) {
            shifted.add(new NetLlmReplay.Step(s.state(), s.returnToGo(), s.timestep() + 20, s.action()));
        }
        assertMatchesReference(importDefault(3), 3, shifted);
    }

    @Test
    void aFolderWithoutTheTokenLayoutIsRefusedWithWhatToDo() throws IOException {
        Path ckpt = importDefault(3);
        Path cfg = ckpt.resolve(DtCheckpointConfig.CONFIG_FILE);
        String json = Files.readString(cfg);
        assertTrue(json.contains("\"token_layout\" : 2"), json);
        Files.writeString(cfg, json.replace("\"token_layout\" : 2,", ""));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> NetLlmAbrModel.open(ckpt, loader(), Optional.empty()));
        assertTrue(e.getMessage().contains("token layout 1"), e.getMessage());
        assertTrue(e.getMessage().contains("netllm import"), e.getMessage());
        Files.writeString(cfg, json.replace("\"token_layout\" : 2", "\"token_layout\" : 3"));
        e = assertThrows(CheckpointException.class, () -> NetLlmAbrModel.open(ckpt, loader(), Optional.empty()));
        assertTrue(e.getMessage().contains("token layout 3"), e.getMessage());
    }

    @Test
    void sessionsAreIsolatedAndResetClearsContext() throws IOException {
        Path ckpt = importDefault(3);
        List<NetLlmReplay.Step> a = randomSteps(5, 3);
        List<NetLlmReplay.Step> b = randomSteps(5, 4);
        try (NetLlmAbrModel model = NetLlmAbrModel.open(ckpt, loader(), Optional.empty())) {
            List<NetLlmAbrSession.Decision> aAlone;
            List<NetLlmAbrSession.Decision> bAlone;
            try (var s = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
                aAlone = NetLlmReplay.run(s, a);
            }
            try (var s = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
                bAlone = NetLlmReplay.run(s, b);
            }
            try (var sa = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax());
                    var sb = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
                for (int i = 0; i < 5; i++) {
                    var da = sa.step(a.get(i).state(), a.get(i).returnToGo(), a.get(i).timestep(), a.get(i).action());
                    var db = sb.step(b.get(i).state(), b.get(i).returnToGo(), b.get(i).timestep(), b.get(i).action());
                    assertArrayEquals(aAlone.get(i).logits(), da.logits(), 1e-6f);
                    assertArrayEquals(bAlone.get(i).logits(), db.logits(), 1e-6f);
                }
                sa.reset();
                assertEquals(0, sa.contextSteps());
                var first = sa.step(a.get(0).state(), a.get(0).returnToGo(), a.get(0).timestep(), a.get(0).action());
                assertArrayEquals(aAlone.get(0).logits(), first.logits(), 1e-6f);
            }
        }
    }

    @Test
    void targetReturnFollowsTheEpisodeRule() throws IOException {
        try (NetLlmAbrModel model = NetLlmAbrModel.open(importDefault(3), loader(), Optional.empty());
                var s = new NetLlmAbrSession(model, 2.0, QualityChooser.argmax())) {
            float[][] state = new float[6][6];
            double g0 = 0.045 * 2.0;
            s.decide(state, 0, 100.0); // chunk 0's reward is never subtracted
            assertEquals(g0, s.targetReturn(), 1e-12);
            s.decide(state, 1, 1.2);   // (1.2 + 10) / 14.3 / 1000
            assertEquals(g0 - 11.2 / 14.3 / 1000, s.targetReturn(), 1e-12);
            s.decide(state, 2, 99.0);  // clamped to max_reward → 1/1000
            assertEquals(g0 - 11.2 / 14.3 / 1000 - 0.001, s.targetReturn(), 1e-12);
            s.reset();
            assertEquals(g0, s.targetReturn(), 1e-12);
        }
    }

    @Test
    void importWritesConfigModulesAndAdapter() throws IOException {
        Path out = importDefault(10);
        DtCheckpointConfig c = DtCheckpointConfig.read(out);
        assertEquals(HIDDEN, c.hiddenSize());
        assertEquals(10, c.window());
        assertEquals(ROWS, c.timestepRows());
        assertEquals(NORM, c.normalisation());
        assertEquals(FEATURE, c.taskDims().get("state_feature_dim"));
        try (Safetensors st = Safetensors.open(out.resolve("modules.safetensors"))) {
            // the strided (transposed-storage) timestep table arrives row-major
            assertArrayEquals(fx.values.get("1.weight"), st.floats("embed_timestep.weight", ROWS, HIDDEN));
            assertArrayEquals(fx.values.get("7.weight"), st.floats("encoder.embed_state3.weight", HIDDEN, 3 * FEATURE));
            assertArrayEquals(fx.values.get("11.weight"), st.floats("head.weight", 6, HIDDEN));
        }
        try (Safetensors a = Safetensors.open(out.resolve("adapter/adapter_model.safetensors"))) {
            assertEquals(2 * 2 * 2, a.tensors().size());
            assertTrue(a.has("base_model.model.layers.1.self_attn.v_proj.lora_B.weight"));
        }
        assertTrue(Files.isRegularFile(out.resolve("adapter/adapter_config.json")));
    }

    private CheckpointException importFails(Map<String, long[]> overrides, List<String> skip, boolean badAdapter,
            ReturnNormalisation norm) throws IOException {
        Path modules = fx.writeModules(dir, overrides, skip);
        Path base = fx.writeBase(dir);
        Path adapter = fx.writeAdapter(dir, badAdapter);
        return assertThrows(CheckpointException.class, () -> AbrCheckpointImport.run(new AbrCheckpointImport.Request(
                base, Optional.of(adapter), modules, dir.resolve("bad-out"), 10, -1, norm)));
    }

    @Test
    void wrongShapeNamesKeyAndShapes() throws IOException {
        var e = importFails(Map.of("7.weight", new long[] {HIDDEN, FEATURE}), List.of(), false, NORM);
        assertTrue(e.getMessage().contains("'7.weight'") && e.getMessage().contains("[32, 8]")
                && e.getMessage().contains("[32, 24]"), e.getMessage());
    }

    @Test
    void missingKeyIsNamed() throws IOException {
        var e = importFails(Map.of(), List.of("11.bias"), false, NORM);
        assertTrue(e.getMessage().contains("'11.bias'"), e.getMessage());
    }

    @Test
    void hiddenSizeMismatchWithBaseModelIsReported() throws IOException {
        var e = importFails(Map.of("1.weight", new long[] {ROWS, 16}), List.of(), false, NORM);
        assertTrue(e.getMessage().contains("'1.weight'") && e.getMessage().contains("hidden size"), e.getMessage());
    }

    @Test
    void adapterWithWrongRankNamesTensor() throws IOException {
        var e = importFails(Map.of(), List.of(), true, NORM);
        assertTrue(e.getMessage().contains("layers.1.self_attn.q_proj.lora_A.weight") && e.getMessage().contains("[5, 32]"),
                e.getMessage());
    }

    @Test
    void maxTimestepMustFitTheEmbedding() throws IOException {
        var e = importFails(Map.of(), List.of(), false, new ReturnNormalisation(-10, 4.3, 0.045, ROWS, 1000));
        assertTrue(e.getMessage().contains("--max-timestep 48"), e.getMessage());
    }
}
