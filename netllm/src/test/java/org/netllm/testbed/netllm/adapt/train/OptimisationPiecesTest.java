package org.netllm.testbed.netllm.adapt.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW, warm-up and clipping against hand-computed values (docs/reference/abr.md §7.4). */
class OptimisationPiecesTest {

    @Test
    void adamwTwoStepsMatchHandComputation() {
        double lr = 0.1;
        double wd = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] p = {1.0, -2.0};
        double[][] g = {{0.5, 0.1}, {-0.5, 0.2}};
        // independent scalar AdamW (torch.optim.AdamW, amsgrad off)
        double[] m = new double[2];
        double[] v = new double[2];
        for (int t = 1; t <= 2; t++) {
            for (int i = 0; i < 2; i++) {
                p[i] *= 1 - lr * wd;
                m[i] = b1 * m[i] + (1 - b1) * g[t - 1][i];
                v[i] = b2 * v[i] + (1 - b2) * g[t - 1][i] * g[t - 1][i];
                double mh = m[i] / (1 - Math.pow(b1, t));
                double vh = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mh / (Math.sqrt(vh) + eps);
            }
        }
        // first step by hand: p·(1 − 0.001) − 0.1·sign(g) = [0.899, −2.098]
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray param = nd.create(new float[] {1f, -2f});
            try (AdamW opt = new AdamW(Map.of("p", param), wd, b1, b2, eps, nd)) {
                opt.step(Map.of("p", param), Map.of("p", nd.create(new float[] {0.5f, 0.1f})), lr);
                assertArrayEquals(new float[] {0.899f, -2.098f}, param.toFloatArray(), 1e-5f);
                opt.step(Map.of("p", param), Map.of("p", nd.create(new float[] {-0.5f, 0.2f})), lr);
                assertArrayEquals(new float[] {(float) p[0], (float) p[1]}, param.toFloatArray(), 1e-5f);
                assertEquals(2, opt.steps());
            }
        }
    }

    @Test
    void adamwRestoreRejectsMissingMoments() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray param = nd.create(new float[] {1f});
            try (AdamW opt = new AdamW(Map.of("p", param), 0, nd)) {
                assertThrows(IllegalArgumentException.class, () -> opt.restore(Map.of("m.p", new float[] {0f}), 3));
            }
        }
    }

    @Test
    void warmupIsLinearThenFlat() {
        WarmupSchedule s = new WarmupSchedule(1e-4, 2000);
        assertEquals(1e-4 / 2000, s.lr(0), 1e-15);
        assertEquals(1e-4 * 640 / 2000, s.lr(639), 1e-15); // docs/reference/abr.md §7.4: 640 steps peak at 3.2e-5
        assertEquals(1e-4, s.lr(1999), 1e-15);
        assertEquals(1e-4, s.lr(100_000), 1e-15);
    }

    @Test
    void clipScalesOnlyAboveTheMaximum() {
        try (NDManager nd = NDManager.newBaseManager()) {
            NDArray a = nd.create(new float[] {3f});
            NDArray b = nd.create(new float[] {4f});
            assertEquals(5.0, GradClip.clipNorm(List.of(a, b), 1.0), 1e-6);
            assertEquals(3 / (5 + 1e-6), a.getFloat(), 1e-6);
            assertEquals(4 / (5 + 1e-6), b.getFloat(), 1e-6);
            NDArray c = nd.create(new float[] {0.1f, 0.1f});
            assertEquals(Math.sqrt(0.02), GradClip.clipNorm(List.of(c), 0.25), 1e-6);
            assertArrayEquals(new float[] {0.1f, 0.1f}, c.toFloatArray(), 0f);
        }
    }
}
