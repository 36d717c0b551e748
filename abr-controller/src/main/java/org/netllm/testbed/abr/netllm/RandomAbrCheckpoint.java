package org.netllm.testbed.abr.netllm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.netllm.testbed.abr.netllm.train.AbrModuleInit;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.adapt.DtEmbeddings;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import org.netllm.testbed.netllm.lora.LoraConfig;

/**
 * Writes an untrained, complete NetLLM ABR checkpoint ({@code netllm-dt/1}): a randomly initialised
 * Llama backbone, freshly initialised ABR modules and a fresh LoRA adapter. Its decisions are
 * meaningless; its shapes and compute are those of a real checkpoint, which is what serving tests and
 * latency benches need. The default shape is the embedded default model's (hidden 128, 2 layers).
 */
public final class RandomAbrCheckpoint {

    /**
     * Sizes of the checkpoint.
     *
     * @param backbone   Llama shape (hidden, layers, heads, kv heads, intermediate)
     * @param featureDim F, the state encoder's feature width
     * @param loraRank   LoRA rank on q_proj/v_proj
     * @param window     w, past steps per session
     */
    public record Spec(TinyLlama.Spec backbone, int featureDim, int loraRank, int window, long seed) {

        /** The embedded default model's shape (NetllmBuildDefaultCommand) with NetLLM's w = 20. */
        public static Spec embeddedShape() {
            return new Spec(TinyLlama.Spec.defaults().withSizes(128, 2, 4, 4, 256).withSeed(1), 64, 16,
                    NETLLM_WINDOW, 1);
        }

        public Spec withBackbone(TinyLlama.Spec b) {
            return new Spec(b, featureDim, loraRank, window, seed);
        }

        public Spec withWindow(int w) {
            return new Spec(backbone, featureDim, loraRank, w, seed);
        }
    }

    /** NetLLM's ABR context window (--w default, docs/reference/abr.md §7.6). */
    public static final int NETLLM_WINDOW = 20;
    /** Timestep rows: 48 chunks (max_ep_len 47 + 1, docs/reference/abr.md §7.6). */
    public static final int TIMESTEP_ROWS = 48;
    /**
     * Return statistics of the shape a real pool yields (min/max λ = 4.3 reward, max return, max
     * timestep, ÷1000 scale, docs/reference/abr.md §4.3); they only steer an untrained model.
     */
    static final ReturnNormalisation PLACEHOLDER_STATS = new ReturnNormalisation(-10.0, 4.3, 0.045, 47, 1000);

    private RandomAbrCheckpoint() {
    }

    /** Writes {@code dir}/backbone, modules, adapter and config.json; returns {@code dir}. */
    public static Path write(Path dir, Spec spec) throws IOException {
        Path backboneDir = dir.resolve("backbone");
        TinyLlama.write(backboneDir, spec.backbone());
        try (LlamaBackbone base = LlamaBackbone.load(backboneDir);
                LoraAdapter adapter = LoraAdapter.create(base, LoraConfig.netllm(spec.loraRank()), spec.seed())) {
            adapter.save(dir.resolve(DtCheckpointConfig.ADAPTER_DIR));
        }
        return writeTaskFiles(dir, backboneDir, spec.backbone().hidden(), true, spec);
    }

    /**
     * Writes only the task side (modules + config.json, no adapter folder) for a backbone of width
     * {@code hidden} that the caller supplies through its own loader (e.g. one built in memory).
     */
    public static Path writeTaskFiles(Path dir, Path backboneDir, int hidden, boolean hasAdapter, Spec spec)
            throws IOException {
        Files.createDirectories(dir);
        AbrModuleInit.create(spec.featureDim(), hidden, TIMESTEP_ROWS, spec.seed())
                .writeSafetensors(dir.resolve(DtCheckpointConfig.MODULES_FILE), Map.of("format", "pt"));
        new DtCheckpointConfig(AbrDtLayout.TASK, backboneDir, hasAdapter, hidden, -1, false, spec.window(), TIMESTEP_ROWS,
                DtEmbeddings.DEFAULT_LN_EPS, Map.of(AbrDtLayout.DIM_STATE_FEATURE, spec.featureDim(),
                        AbrDtLayout.DIM_ACTION, AbrDtLayout.ACTION_DIM), PLACEHOLDER_STATS).write(dir);
        return dir;
    }
}
