package org.netllm.testbed.abr.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.state.PensieveState;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;

/** The AbrAlgorithm wrapper: episode semantics of docs/reference/abr.md §7.6 served per browser session (docs/reference/abr.md §8.7). */
class NetLlmAbrPolicyTest {

    private static final int HIDDEN = 32;
    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};
    private static final ReturnNormalisation NORM = new ReturnNormalisation(-10.0, 4.3, 0.045, 46, 1000);
    private static final int WINDOW = 4;

    @TempDir
    Path dir;

    private final AbrDtFixture fx = new AbrDtFixture(HIDDEN, 8, 48, 11);
    private NetLlmAbrModel model;
    private VideoSpec video;

    @BeforeEach
    void setUp() throws IOException {
        Path out = dir.resolve("ckpt");
        AbrCheckpointImport.run(new AbrCheckpointImport.Request(fx.writeBase(dir), Optional.empty(),
                fx.writeModules(dir, Map.of(), List.of()), out, WINDOW, -1, NORM));
        model = NetLlmAbrModel.open(out, (b, a, k) -> new CumulativeMeanBackbone(HIDDEN, fx.backboneWeight), Optional.empty());
        Random rnd = new Random(5);
        long[][] sizes = new long[6][49];
        for (int q = 0; q < 6; q++) {
            for (int c = 0; c < 49; c++) {
                sizes[q][c] = (long) (LADDER[q] * 500 * (0.8 + 0.4 * rnd.nextDouble()));
            }
        }
        video = new VideoSpec("test", LADDER, 4.0, sizes);
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    /** A browser-like report: GENET's remaining convention (48 − t), which the policy must override. */
    private AbrObservation obs(int t, int q, Random rnd) {
        long[] next = new long[6];
        for (int l = 0; l < 6; l++) {
            next[l] = t + 1 < 49 ? video.sizeBytes(l, t + 1) : 0;
        }
        return new AbrObservation(t, q, 2 + 10 * rnd.nextDouble(), rnd.nextDouble() < 0.3 ? rnd.nextDouble() : 0,
                video.sizeBytes(q, t), 200 + 3000 * rnd.nextDouble(), 48 - t, next);
    }

    @Test
    void decisionsEqualTheReferenceEpisodeComputation() {
        AbrContext ctx = new AbrContext(video, QoeParams.NETLLM, 49, 1, false);
        try (NetLlmAbrPolicy policy = (NetLlmAbrPolicy) NetLlmAbrPolicy.factory(model, 1.0).create(ctx)) {
            ReferenceAbrDt ref = new ReferenceAbrDt(fx, WINDOW);
            PensieveState refState = new PensieveState(LADDER, 6, 48);
            double g = NORM.maxReturn();
            Random rnd = new Random(9);
            int q = 1; // the real client fetches chunk 0 at quality 1 (docs/reference/abr.md §9.2)
            int prev = 0; // docs/reference/abr.md §8.7: q_prev = 0 before chunk 0
            for (int t = 0; t < 10; t++) {
                AbrObservation o = obs(t, q, rnd);
                int decided = policy.decide(o);
                refState.update(new AbrObservation(t, q, o.bufferS(), o.rebufferS(), o.chunkBytes(), o.downloadMs(),
                        47 - t, o.nextSizesBytes()));
                if (t >= 1) {
                    double r = LADDER[q] / 1000.0 - 4.3 * o.rebufferS() - Math.abs(LADDER[q] - LADDER[prev]) / 1000.0;
                    g -= (Math.min(Math.max(r, -10.0), 4.3) + 10.0) / 14.3 / 1000;
                }
                float[][] s = new float[6][6];
                for (int row = 0; row < 6; row++) {
                    for (int c = 0; c < 6; c++) {
                        s[row][c] = (float) refState.get(row, c);
                    }
                }
                double[] want = ref.step(s, g, t, -1);
                for (int a = 0; a < 6; a++) {
                    assertEquals(want[a], policy.lastLogits()[a], 1e-4, "chunk " + t + " logit " + a);
                }
                assertEquals(g, policy.targetReturn(), 1e-12);
                prev = q;
                q = decided;
            }
        }
    }

    @Test
    void chunkZeroStartsAFreshSessionAndLastChunksAreNotQueried() {
        AbrContext ctx = new AbrContext(video, QoeParams.NETLLM, 49, 1, false);
        try (NetLlmAbrPolicy policy = (NetLlmAbrPolicy) NetLlmAbrPolicy.factory(model, 1.0).create(ctx)) {
            Random rnd = new Random(3);
            AbrObservation first = obs(0, 1, rnd);
            policy.decide(first);
            float[] firstLogits = policy.lastLogits().clone();
            for (int t = 1; t < 6; t++) {
                policy.decide(obs(t, 2, rnd));
            }
            // t = 48 is outside the 48-row timestep table: reply the previous quality, no query
            float[] before = policy.lastLogits().clone();
            assertEquals(4, policy.decide(obs(48, 4, rnd)));
            assertArrayEquals(before, policy.lastLogits());
            // a new page load (chunk 0 again) clears deques, state and G: same answer as the first time
            policy.decide(first);
            assertArrayEquals(firstLogits, policy.lastLogits(), 1e-6f);
            assertEquals(NORM.maxReturn(), policy.targetReturn(), 0);
            policy.reset();
            assertNull(policy.lastLogits());
        }
    }
}
