package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.LlamaDtBackboneLoader;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.lora.LoraAdapter;

/**
 * End to end on the real {@link LlamaBackbone} (TinyLlama folder, GQA) with a PEFT LoRA adapter:
 * original-format files → import → replay through {@link LlamaDtBackboneLoader}, compared with the
 * reference DT whose LayerNorm'd sequence is pushed through a separately opened backbone + adapter.
 */
class TinyLlamaDtTest {

    private static final int HIDDEN = 32;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int WINDOW = 3;
    private static final ReturnNormalisation NORM = new ReturnNormalisation(-10.0, 4.3, 0.045, 46, 1000);

    @TempDir
    Path dir;

    private final AbrDtFixture fx = new AbrDtFixture(HIDDEN, 8, 48, 21);

    private void check(int whichLayer) throws IOException {
        Path base = dir.resolve("base");
        TinyLlama.write(base, TinyLlama.Spec.defaults().withSizes(HIDDEN, 2, HEADS, KV_HEADS, 64).withSeed(5));
        int headDim = HIDDEN / HEADS;
        Path adapter = fx.writeAdapter(dir, false, HEADS * headDim, KV_HEADS * headDim);
        Path ckpt = dir.resolve("ckpt-" + whichLayer);
        AbrCheckpointImport.run(new AbrCheckpointImport.Request(base, Optional.of(adapter),
                fx.writeModules(dir, Map.of(), List.of()), ckpt, WINDOW, whichLayer, NORM));

        try (LlamaBackbone llama = LlamaBackbone.load(base);
                LoraAdapter lora = LoraAdapter.load(llama, ckpt.resolve("adapter"));
                NDManager m = NDManager.newBaseManager();
                NetLlmAbrModel model = NetLlmAbrModel.open(ckpt, LlamaDtBackboneLoader.INSTANCE, Optional.empty());
                NetLlmAbrSession session = new NetLlmAbrSession(model, 1.0, QualityChooser.argmax())) {
            ForwardOptions opts = ForwardOptions.DEFAULT.withWhichLayer(whichLayer).withAdapter(lora, false);
            ReferenceAbrDt ref = new ReferenceAbrDt(fx, WINDOW, tokens -> {
                float[] flat = new float[tokens.size() * HIDDEN];
                for (int i = 0; i < tokens.size(); i++) {
                    for (int j = 0; j < HIDDEN; j++) {
                        flat[i * HIDDEN + j] = (float) tokens.get(i)[j];
                    }
                }
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.create(flat, new Shape(1, tokens.size(), HIDDEN));
                    float[] h = llama.forward(x, opts).lastHiddenState().get(0, tokens.size() - 1).toFloatArray();
                    double[] out = new double[HIDDEN];
                    for (int j = 0; j < HIDDEN; j++) {
                        out[j] = h[j];
                    }
                    return out;
                }
            });
            // without the adapter the backbone output differs: the LoRA path is really exercised
            float[] noLora;
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.randomNormal(new Shape(1, 4, HIDDEN));
                noLora = llama.forward(x, ForwardOptions.DEFAULT.withWhichLayer(whichLayer)).lastHiddenState().toFloatArray();
                float[] withLora = llama.forward(x, opts).lastHiddenState().toFloatArray();
                double diff = 0;
                for (int i = 0; i < noLora.length; i++) {
                    diff = Math.max(diff, Math.abs(noLora[i] - withLora[i]));
                }
                assertTrue(diff > 1e-3, "adapter changes the hidden states");
            }
            List<NetLlmReplay.Step> steps = NetLlmAbrRoundTripTestSteps.random(8, 17);
            for (int i = 0; i < steps.size(); i++) {
                NetLlmReplay.Step s = steps.get(i);
                var d = session.step(s.state(), s.returnToGo(), s.timestep(), s.action());
                double[] want = ref.step(s.state(), s.returnToGo(), s.timestep(), s.action());
                for (int q = 0; q < 6; q++) {
                    assertEquals(want[q], d.logits()[q], 1e-4, "which_layer " + whichLayer + " step " + i + " logit " + q);
                }
            }
        }
    }

    @Test
    void allLayersWithLora() throws IOException {
        check(ForwardOptions.ALL_LAYERS);
    }

    @Test
    void earlyExitAfterFirstLayer() throws IOException {
        check(0);
    }
}
