package org.netllm.testbed.cjs.netllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;

/**
 * The DJL NetLLM-CJS decision path against {@link ReferenceCjsPolicy} (plain doubles, from the spec) on the same
 * weights, over consecutive decisions on hand-made observations: the K-step context fills and slides (K = 3), the
 * token cap cuts the sequence, τ saturates, rewards move the target return, an observation without edges takes the
 * prep-only path, and several jobs with multi-level DAGs exercise the level-wise message passing.
 */
class NetLlmCjsReferenceTest {
    static final int F = 8;
    static final int D = 16;
    static final int K = 3;
    static final int MAX_TOKENS = 14;
    static final int MAX_T = 6;
    static final int EXECUTORS = 10;

    @Test
    void djlPolicyMatchesTheSpecReferenceOverSlidingWindows() {
        matchesReference(StageHead.LAST);
    }

    /** The same with the per-token stage head: one score per stage token, read through the full forward. */
    @Test
    void perTokenStageHeadMatchesTheSpecReference() {
        matchesReference(StageHead.PER_TOKEN);
    }

    private static void matchesReference(StageHead head) {
        ReturnNormalisation norm = new ReturnNormalisation(-5000, 0, 2.5, MAX_T, 1000);
        try (NDManager root = NDManager.newBaseManager()) {
            CausalMeanBackbone backbone = new CausalMeanBackbone(root, D, 7);
            CjsModules modules = CjsModules.init(backbone.manager(), F, D, MAX_T + 2, 3, 1.0, head);
            CjsCheckpoint c = new CjsCheckpoint("test", "none", D, F, 4, K, MAX_TOKENS, MAX_T + 2, norm, 3, head);
            try (NetLlmCjsModel model = new NetLlmCjsModel(backbone, modules, c)) {
                NetLlmCjsScheduler policy = new NetLlmCjsScheduler(model, NetLlmCjsScheduler.Mode.GREEDY);
                ReferenceCjsPolicy ref = new ReferenceCjsPolicy(modules.values(), F, D, K, MAX_TOKENS, backbone.w,
                        norm.minReward(), norm.maxReward(), norm.maxReturn(), MAX_T, norm.scale(), head == StageHead.PER_TOKEN);
                Random rewards = new Random(11);
                for (int t = 0; t < 12; t++) {
                    Observation o = observation(t);
                    int[] expected = ref.decide(o);
                    Action a = policy.schedule(o);
                    String at = "decision " + t;
                    assertArrayEquals(toFloat(ref.stageLogits), policy.lastStageLogits(), 2e-4f, at + " stage logits");
                    assertArrayEquals(toFloat(ref.execLogits), policy.lastExecLogits(), 2e-4f, at + " executor logits");
                    assertEquals(expected[0], a.stageIdx(), at);
                    assertEquals(expected[1] + 1, a.numExec(), at + ": the env gets k + 1 executors");
                    assertEquals(ref.tau, policy.timestep(), at);
                    double r = t % 4 == 3 ? -9000 : -rewards.nextInt(3000); // −9000 is clamped to r_min
                    ref.reward(r);
                    policy.observeReward(r);
                    assertEquals(ref.target, policy.target(), 1e-12, at);
                }
                assertEquals(MAX_T, policy.timestep(), "τ saturates at max_timestep");
                assertTrue(ref.longestSequence > MAX_TOKENS, "the token cap must have cut some sequences");
            }
        }
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * Decision t's observation: 1–3 jobs of 1–5 stages with random forward edges (t = 4 has none), at least one
     * schedulable stage, supplies below N so every job can take an executor.
     */
    static Observation observation(int t) {
        Random r = new Random(100 + t);
        int jobs = 1 + r.nextInt(3);
        List<Integer> remaining = new ArrayList<>();
        List<Float> durations = new ArrayList<>();
        List<Boolean> sched = new ArrayList<>();
        List<int[]> edges = new ArrayList<>();
        int[] ptr = new int[jobs + 1];
        int[] supply = new int[jobs];
        int[] ids = new int[jobs];
        for (int j = 0; j < jobs; j++) {
            ids[j] = t * 10 + j;
            int stages = 1 + r.nextInt(5);
            int base = ptr[j];
            for (int s = 0; s < stages; s++) {
                remaining.add(r.nextInt(60));
                durations.add(r.nextFloat() * 4000);
                sched.add(r.nextInt(3) == 0);
            }
            for (int p = 0; p < stages; p++) {
                for (int c = p + 1; c < stages; c++) {
                    if (t != 4 && r.nextInt(3) == 0) {
                        edges.add(new int[] {base + p, base + c});
                    }
                }
            }
            ptr[j + 1] = base + stages;
            supply[j] = r.nextInt(EXECUTORS);
        }
        int n = ptr[jobs];
        if (!sched.contains(true)) {
            sched.set(r.nextInt(n), true);
        }
        int[] rem = remaining.stream().mapToInt(Integer::intValue).toArray();
        float[] mrd = new float[n];
        boolean[] sc = new boolean[n];
        for (int i = 0; i < n; i++) {
            mrd[i] = durations.get(i);
            sc[i] = sched.get(i);
        }
        int[] ep = edges.stream().mapToInt(e -> e[0]).toArray();
        int[] ec = edges.stream().mapToInt(e -> e[1]).toArray();
        return new Observation(ids, ptr, rem, mrd, sc, ep, ec, 1 + r.nextInt(EXECUTORS), r.nextInt(jobs + 1), supply,
                EXECUTORS, t * 1000.0);
    }
}
