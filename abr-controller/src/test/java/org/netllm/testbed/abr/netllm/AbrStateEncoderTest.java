package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.netllm.adapt.CheckpointException;
import org.netllm.testbed.netllm.adapt.NamedWeights;

/** Hand-computed encoder outputs (docs/reference/abr.md §7.2), F = 2, E = 6, with selector weights. */
class AbrStateEncoderTest {

    private static final int F = 2;
    private static final int E = 6;

    /** Every projection is "copy the first min(E, in) features"; convs pick single taps. */
    private static Map<String, NamedWeights.Entry> weights() {
        Map<String, NamedWeights.Entry> w = new LinkedHashMap<>();
        // fc: z_c = (c+1)·x − 1 (so small x goes negative and exercises the LeakyReLU slope)
        for (String fc : new String[] {"fc1", "fc2", "fc6"}) {
            w.put("encoder." + fc + ".weight", new NamedWeights.Entry(new long[] {F, 1}, new float[] {1, 2}));
            w.put("encoder." + fc + ".bias", new NamedWeights.Entry(new long[] {F}, new float[] {-1, -1}));
        }
        // conv3/conv4: channel 0 takes tap 0, channel 1 takes tap 3 → ch0 = row[p], ch1 = row[p+3]
        for (String conv : new String[] {"conv3", "conv4"}) {
            w.put("encoder." + conv + ".weight", new NamedWeights.Entry(new long[] {F, 1, 4}, new float[] {1, 0, 0, 0, 0, 0, 0, 1}));
            w.put("encoder." + conv + ".bias", new NamedWeights.Entry(new long[] {F}, new float[] {0, 0}));
        }
        // conv5: channel 0 sums the 6 sizes, channel 1 = last size − first size
        w.put("encoder.conv5.weight", new NamedWeights.Entry(new long[] {F, 1, 6},
                new float[] {1, 1, 1, 1, 1, 1, -1, 0, 0, 0, 0, 1}));
        w.put("encoder.conv5.bias", new NamedWeights.Entry(new long[] {F}, new float[] {0, 0.5f}));
        for (int i = 0; i < 6; i++) {
            int in = (i == 2 || i == 3) ? 3 * F : F;
            float[] sel = new float[E * in];
            for (int r = 0; r < Math.min(E, in); r++) {
                sel[r * in + r] = 1;
            }
            w.put(AbrStateEncoder.embedName(i) + ".weight", new NamedWeights.Entry(new long[] {E, in}, sel));
            w.put(AbrStateEncoder.embedName(i) + ".bias", new NamedWeights.Entry(new long[] {E}, new float[E]));
        }
        return w;
    }

    @Test
    void tokensMatchHandComputation() throws Exception {
        float[][] s = {
            {0, 0, 0, 0, 0, 0.7f},          // row0[-1] = 0.7
            {0, 0, 0, 0, 0, 0.2f},          // row1[-1] = 0.2
            {1, 2, 3, 4, 5, 6},             // throughput history
            {-1, -2, -3, -4, -5, -6},       // download times (negative → LeakyReLU slope)
            {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f},
            {0, 0, 0, 0, 0, 1},             // row5[-1] = 1
        };
        try (NDManager m = NDManager.newBaseManager()) {
            AbrStateEncoder enc = new AbrStateEncoder(new NamedWeights("test", weights()), m, F, E);
            NDArray out = enc.encode(s, m);
            assertArrayEquals(new long[] {6, E}, out.getShape().getShape());
            float[] v = out.toFloatArray();
            // token 1: z = [0.7 − 1, 1.4 − 1] = [−0.3, 0.4] → leaky → [−0.003, 0.4]
            assertArrayEquals(new float[] {-0.003f, 0.4f, 0, 0, 0, 0}, slice(v, 0), 1e-6f);
            // token 2: z = [−0.8, −0.6] → [−0.008, −0.006]
            assertArrayEquals(new float[] {-0.008f, -0.006f, 0, 0, 0, 0}, slice(v, 1), 1e-6f);
            // token 3: ch0 = [1,2,3], ch1 = [4,5,6]; channel-major flatten → [1,2,3,4,5,6]
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, slice(v, 2), 1e-6f);
            // token 4: negatives × 0.01, same order
            assertArrayEquals(new float[] {-0.01f, -0.02f, -0.03f, -0.04f, -0.05f, -0.06f}, slice(v, 3), 1e-6f);
            // token 5: [Σ sizes, 0.6 − 0.1 + 0.5] = [2.1, 1.0]
            assertArrayEquals(new float[] {2.1f, 1.0f, 0, 0, 0, 0}, slice(v, 4), 1e-6f);
            // token 6: z = [0, 1]
            assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0}, slice(v, 5), 1e-6f);
        }
    }

    @Test
    void wrongStateShapeIsRejected() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AbrStateEncoder enc = new AbrStateEncoder(new NamedWeights("test", weights()), m, F, E);
            var e = assertThrows(IllegalArgumentException.class, () -> enc.encode(new float[6][8], m));
            assertTrue(e.getMessage().contains("row 0") && e.getMessage().contains("6 columns"), e.getMessage());
        }
    }

    @Test
    void missingProjectionIsNamed() {
        Map<String, NamedWeights.Entry> w = weights();
        w.remove("encoder.embed_state4.bias");
        try (NDManager m = NDManager.newBaseManager()) {
            var e = assertThrows(CheckpointException.class, () -> new AbrStateEncoder(new NamedWeights("ckpt", w), m, F, E));
            assertEquals("ckpt: no tensor named 'encoder.embed_state4.bias'", e.getMessage());
        }
    }

    private static float[] slice(float[] v, int token) {
        float[] out = new float[E];
        System.arraycopy(v, token * E, out, 0, E);
        return out;
    }
}
