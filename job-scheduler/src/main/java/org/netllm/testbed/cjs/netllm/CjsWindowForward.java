package org.netllm.testbed.cjs.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netllm.testbed.cjs.decima.NeuralObservation;
import org.netllm.testbed.netllm.backbone.Backbone;

/**
 * The teacher-forced training forward of NetLLM-CJS over one window of K steps (docs/reference/cjs.md §5.3, §5.6):
 * per step the tokens R_t, s_t¹…s_tⁿ, s_t^exec (built for the job of the pool's stage), a_t, each with the time
 * embedding of τ_t; the sequence keeps its last {@code maxTokens} tokens, is LayerNorm'd and run through the
 * backbone; the stage head ({@link CjsModules#stageLogits}) reads the last stage token or every stage token, the
 * executor head the executor token. Loss = mean CE(stage, with −10⁵ on logits ≥ n) + mean CE(executor) over the steps
 * whose read positions survive the cut (all of the step's stage tokens for the per-token head) and whose targets fit
 * the heads (stage_idx choosable by the stage head, k < 50).
 */
public final class CjsWindowForward {
    /** Added to stage logits at indices ≥ the schedulable count (§5.4). */
    public static final float STAGE_MASK = -1e5f;

    private final CjsModules modules;
    private final Backbone backbone;
    private final int maxTokens;

    public CjsWindowForward(CjsModules modules, Backbone backbone, int maxTokens) {
        this.modules = modules;
        this.backbone = backbone;
        this.maxTokens = maxTokens;
    }

    /** The two losses of a window and how many steps they average over. */
    public record Losses(NDArray stage, NDArray exec, int steps) {
        public NDArray total() {
            return stage.add(exec);
        }
    }

    public Losses loss(CjsDataset ds, int start, NDManager m) {
        int k = ds.window();
        List<NeuralObservation> obs = new ArrayList<>(k);
        int[] jobs = new int[k];
        int[] counts = new int[k];
        int[] targetsStage = new int[k];
        int[] targetsExec = new int[k];
        float[] returns = new float[k];
        for (int i = 0; i < k; i++) {
            Transition tr = ds.transitions().get(start + i);
            NeuralObservation o = NeuralObservation.of(tr.observation());
            int[] sched = o.schedulableNodes();
            obs.add(o);
            jobs[i] = o.jobOf(sched[tr.stageIdx()]); // teacher forcing: the executor token of the pool's stage
            counts[i] = sched.length;
            targetsStage[i] = tr.stageIdx();
            targetsExec[i] = tr.execK();
            returns[i] = (float) ds.returns()[start + i];
        }
        CjsModules.Encoded enc = modules.encode(obs, m);
        NDArray all = NDArrays.concat(new NDList(
                modules.returnTokens(returns, m),                                                   // (K, d)
                modules.stageTokens(enc, m),                                                        // (ΣS, d)
                modules.execTokens(enc, jobs, m),                                                   // (K, d)
                modules.actionTokens(targetsStage, targetsExec, m)), 0);                            // (K, d)
        // interleave per step: R_i, s_i¹…s_iⁿ, s_i^exec, a_i — one gather over the stacked token rows
        int total = 3 * k + Arrays.stream(counts).sum();
        long[] order = new long[total];
        int[] stepOf = new int[total];
        int[] stagePos = new int[k];
        int[] firstStagePos = new int[k];
        int[] execPos = new int[k];
        int stageRow = k;
        int execRow = total - 2 * k;
        int pos = 0;
        for (int i = 0; i < k; i++) {
            stepOf[pos] = i;
            order[pos++] = i;
            firstStagePos[i] = pos;
            for (int j = 0; j < counts[i]; j++) {
                stepOf[pos] = i;
                order[pos++] = stageRow++;
            }
            stagePos[i] = pos - 1;
            execPos[i] = pos;
            stepOf[pos] = i;
            order[pos++] = execRow + i;
            stepOf[pos] = i;
            order[pos++] = execRow + k + i;
        }
        int cut = Math.max(0, total - maxTokens);
        long[] kept = Arrays.copyOfRange(order, cut, total);
        int[] keptTimes = new int[total - cut];
        for (int p = cut; p < total; p++) {
            keptTimes[p - cut] = ds.timesteps()[start + stepOf[p]];
        }
        int len = total - cut;
        int d = modules.hidden();
        NDArray seq = all.get(m.create(kept)).add(modules.time(keptTimes, m));                      // (L, d), time on every token
        NDArray hidden = backbone.forward(modules.layerNorm(seq.reshape(1, len, d)))                // (1, L, d)
                .reshape(len, d).toType(DataType.FLOAT32, false);                                   // (L, d)
        StageHead head = modules.stageHead();
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int readFrom = head == StageHead.LAST ? stagePos[i] : firstStagePos[i];
            if (readFrom >= cut && targetsStage[i] < head.choosable(counts[i]) && targetsExec[i] < CjsModules.MAX_EXEC) {
                used.add(i);
            }
        }
        if (used.isEmpty()) {
            throw new IllegalStateException("window at " + start + ": no step survives the " + maxTokens + "-token cap");
        }
        int u = used.size();
        int[] sp = new int[u];
        int[] sn = new int[u];
        long[] xp = new long[u];
        long[] st = new long[u];
        long[] xt = new long[u];
        for (int j = 0; j < u; j++) {
            int i = used.get(j);
            sp[j] = firstStagePos[i] - cut;
            sn[j] = counts[i];
            xp[j] = execPos[i] - cut;
            st[j] = targetsStage[i];
            xt[j] = targetsExec[i];
        }
        // (u, W); for the last-token head the first stage row may lie before the cut (only the last row is read)
        NDArray stageLogits = modules.stageLogits(hidden, sp, sn, m);
        NDArray execLogits = modules.execHead(hidden.get(m.create(xp)));                            // (u, 50)
        return new Losses(ce(stageLogits, st, m), ce(execLogits, xt, m), u);
    }

    /** Mean cross-entropy: (u, C) logits, u targets → (). */
    private static NDArray ce(NDArray logits, long[] targets, NDManager m) {
        NDArray t = m.create(targets).reshape(targets.length, 1);                                   // (u, 1)
        return logits.logSoftmax(-1).gather(t, 1).neg().mean();
    }
}
