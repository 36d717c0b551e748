package org.netllm.testbed.cjs.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.NamedWeights;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;

/**
 * The two stage heads of docs/reference/cjs.md §5.4 on hand-computed tiny cases ({@link CjsModules#stageLogits}), and
 * the {@code stage_head} field of the checkpoint config (absent = last).
 */
class StageHeadTest {
    static final int F = 4;
    static final int D = 2;
    static final int ROWS = 5;
    static final float M = CjsWindowForward.STAGE_MASK;

    /** Modules with the given stage-head weights, everything else from a seeded init. */
    private static CjsModules modules(NDManager root, StageHead head, float[] weight, float[] bias) throws CheckpointException {
        Map<String, NamedWeights.Entry> w = new LinkedHashMap<>();
        try (CjsModules init = CjsModules.init(root, F, D, ROWS, 1, 1.0, head)) {
            init.values().forEach((k, v) -> w.put(k, new NamedWeights.Entry(init.parameters().get(k).getShape().getShape(), v)));
        }
        w.put(CjsModules.STAGE_HEAD + ".weight", new NamedWeights.Entry(new long[] {head.outputs(), D}, weight));
        w.put(CjsModules.STAGE_HEAD + ".bias", new NamedWeights.Entry(new long[] {head.outputs()}, bias));
        return CjsModules.from(root, new NamedWeights("hand-made", w), F, D, ROWS, head);
    }

    /** hidden row i = [i, i²], (6, 2). */
    private static NDArray hidden(NDManager m) {
        float[] h = new float[6 * D];
        for (int i = 0; i < 6; i++) {
            h[2 * i] = i;
            h[2 * i + 1] = i * i;
        }
        return m.create(h, new Shape(6, D));
    }

    @Test
    void perTokenHeadScoresEveryStageTokenAndMasksPastTheCount() throws Exception {
        try (NDManager root = NDManager.newBaseManager();
             CjsModules mod = modules(root, StageHead.PER_TOKEN, new float[] {1, 10}, new float[] {0.5f})) {
            // score(row i) = i + 10 i² + 0.5; step 0: stage tokens at rows 1..3, step 1: one stage token at row 5
            float[] logits = mod.stageLogits(hidden(root), new int[] {1, 5}, new int[] {3, 1}, root).toFloatArray();
            assertArrayEquals(new float[] {11.5f, 42.5f, 93.5f, 255.5f, 255.5f + M, 255.5f + M}, logits, 1e-3f,
                    "(2, max n = 3): scores at rows 1, 2, 3 and 5, columns past a step's count masked");
            assertEquals(3, StageHead.PER_TOKEN.choosable(3));
            assertEquals(150, StageHead.PER_TOKEN.choosable(150), "the per-token head can choose any of n stages");
        }
    }

    @Test
    void lastTokenHeadReadsOnlyTheLastStageToken() throws Exception {
        float[] w = new float[CjsModules.MAX_STAGES * D];
        float[] b = new float[CjsModules.MAX_STAGES];
        for (int c = 0; c < CjsModules.MAX_STAGES; c++) {
            w[c * D] = c;       // logit c = c · h[0] + 1
            b[c] = 1;
        }
        try (NDManager root = NDManager.newBaseManager(); CjsModules mod = modules(root, StageHead.LAST, w, b)) {
            // step at rows 1..3 → reads row 3 (h[0] = 3); a step whose first stage row is before the cut (−2) still
            // reads its last row 0 (h[0] = 0)
            NDArray l = mod.stageLogits(hidden(root), new int[] {1, -2}, new int[] {3, 3}, root);
            assertEquals(new Shape(2, CjsModules.MAX_STAGES), l.getShape());
            float[] v = l.toFloatArray();
            for (int c = 0; c < CjsModules.MAX_STAGES; c++) {
                float mask = c < 3 ? 0 : M;
                assertEquals(3f * c + 1 + mask, v[c], 1e-2f, "step 0 column " + c);
                assertEquals(1 + mask, v[CjsModules.MAX_STAGES + c], 1e-2f, "step 1 column " + c);
            }
            assertEquals(100, StageHead.LAST.choosable(150), "only the first 100 stages can be chosen");
        }
    }

    @Test
    void headsAndShapesMustAgree() {
        try (NDManager root = NDManager.newBaseManager()) {
            Map<String, NamedWeights.Entry> w = new LinkedHashMap<>();
            try (CjsModules last = CjsModules.init(root, F, D, ROWS, 1, 1.0, StageHead.LAST)) {
                last.values().forEach((k, v) -> w.put(k, new NamedWeights.Entry(last.parameters().get(k).getShape().getShape(), v)));
            }
            String msg = assertThrows(CheckpointException.class,
                    () -> CjsModules.from(root, new NamedWeights("last-head weights", w), F, D, ROWS, StageHead.PER_TOKEN)).getMessage();
            assertTrue(msg.contains(CjsModules.STAGE_HEAD), msg);
        }
        assertThrows(IllegalArgumentException.class, () -> StageHead.parse("first"));
    }

    @Test
    void configRecordsTheHeadAndOldConfigsLoadAsLast(@TempDir Path tmp) throws Exception {
        ReturnNormalisation norm = new ReturnNormalisation(-5000, 0, 2.5, 3, 1000);
        new CjsCheckpoint("b", "sha", D, F, 4, 20, 64, ROWS, norm, 1, StageHead.PER_TOKEN).write(tmp);
        assertEquals(StageHead.PER_TOKEN, CjsCheckpoint.read(tmp).stageHead());
        Path cfg = tmp.resolve(CjsCheckpoint.CONFIG_FILE);
        String text = Files.readString(cfg);
        assertTrue(text.contains("\"stage_head\" : \"per-token\""), text);
        Files.writeString(cfg, text.replace("\"stage_head\" : \"per-token\",", ""));
        assertEquals(StageHead.LAST, CjsCheckpoint.read(tmp).stageHead(), "a config without stage_head is the spec's default");
        Files.writeString(cfg, text.replace("per-token", "middle"));
        String msg = assertThrows(CheckpointException.class, () -> CjsCheckpoint.read(tmp)).getMessage();
        assertTrue(msg.contains("stage_head") && msg.contains("middle"), msg);
    }
}
