package org.netllm.testbed.cjs.netllm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.netllm.testbed.cjs.decima.NeuralObservation;
import org.netllm.testbed.cjs.sched.CategoricalSampling;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.netllm.rng.PythonRandom;

/**
 * NetLLM-CJS as a scheduler for one episode (docs/reference/cjs.md §5.7). State across decisions: the tokens of
 * the last K steps (return, stage tokens + executor token, action; before LayerNorm, time embedding added), the
 * target return G (starts at max_return, minus each processed reward) and the timestep τ (saturating at
 * max_timestep). Per decision two LLM passes: [past…, R, stage tokens] → the checkpoint's stage head
 * ({@link CjsModules#stageLogits}: at the last stage token, logits cut to the schedulable count and at most 100; or
 * one score per stage token), then + executor token of the chosen stage's job → executor
 * head (cut to the job's commit cap, at most 50). {@link Mode#SAMPLE} draws with CPython's
 * {@code random.choices} on the episode's stream; {@link Mode#GREEDY} takes the argmaxes. One instance per episode.
 */
public final class NetLlmCjsScheduler implements Scheduler {

    public enum Mode { SAMPLE, GREEDY }

    private final NetLlmCjsModel model;
    private final Mode mode;
    private final Deque<float[]> past = new ArrayDeque<>(); // one entry per past step: (tokens, d) row-major
    private int pastTokens;
    private double target;
    private int tau;
    private PythonRandom random;
    private float[] lastStageLogits = new float[0]; // of the last decision, for tests and logs
    private float[] lastExecLogits = new float[0];

    public NetLlmCjsScheduler(NetLlmCjsModel model, Mode mode) {
        this.model = model;
        this.mode = mode;
        this.target = model.checkpoint().normalisation().initialTarget(1.0);
    }

    @Override
    public String name() {
        return mode == Mode.SAMPLE ? "netllm" : "netllm-greedy";
    }

    @Override
    public void startEpisode(PythonRandom random) {
        this.random = random;
    }

    @Override
    public boolean usesRewards() {
        return true;
    }

    /** G ← G − r' with r' the clamped, min–max normalised reward divided by the scale (§5.7 step 5). */
    @Override
    public void observeReward(double reward) {
        target -= model.checkpoint().normalisation().process(reward);
    }

    /** The current target return G (for tests and logs). */
    public double target() {
        return target;
    }

    public int timestep() {
        return tau;
    }

    /** Stage logits of the last decision, cut to the schedulable stages. */
    float[] lastStageLogits() {
        return lastStageLogits.clone();
    }

    /** Executor logits of the last decision, cut to the job's commit cap. */
    float[] lastExecLogits() {
        return lastExecLogits.clone();
    }

    @Override
    public Action schedule(Observation raw) {
        NeuralObservation obs = NeuralObservation.of(raw);
        int[] schedulable = obs.schedulableNodes();
        if (schedulable.length == 0) {
            return new Action(Action.NONE, raw.numCommittable());
        }
        if (mode == Mode.SAMPLE && random == null) {
            throw new IllegalStateException("sampling NetLLM-CJS needs startEpisode(random)");
        }
        CjsModules mod = model.modules();
        int d = mod.hidden();
        try (NDManager m = model.manager().newSubManager()) {
            CjsModules.Encoded enc = mod.encode(List.of(obs), m);
            NDArray time = mod.time(new int[] {tau}, m);                                       // (1, d)
            NDArray ret = mod.returnTokens(new float[] {(float) target}, m).add(time);           // (1, d)
            NDArray stages = mod.stageTokens(enc, m).add(time);                                // (S, d)
            float[] current = NDArrays.concat(new NDList(ret, stages), 0).toFloatArray();       // (1+S, d)
            float[] seq = concat(current);
            int count = pastTokens + 1 + schedulable.length;
            int s = schedulable.length;
            // the last-token head reads one row (the last stage token); the per-token head all s stage rows
            int rows = mod.stageHead() == StageHead.LAST ? 1 : s;
            NDArray hidden = model.hiddenTail(seq, count, rows, m);                             // (rows, d)
            float[] stageLogits = mod.stageLogits(hidden, new int[] {rows - s}, new int[] {s}, m).toFloatArray(); // (W)
            lastStageLogits = Arrays.copyOf(stageLogits, mod.stageHead().choosable(s));
            int stageIdx = pick(lastStageLogits);
            int job = obs.jobOf(schedulable[stageIdx]);
            int cap = obs.commitCaps()[job];
            if (cap < 1) {
                throw new IllegalStateException("job " + job + " has a schedulable stage but commit cap 0");
            }
            float[] exec = mod.execTokens(enc, new int[] {job}, m).add(time).toFloatArray();    // (1, d)
            float[] withExec = Arrays.copyOf(seq, seq.length + d);
            System.arraycopy(exec, 0, withExec, seq.length, d);
            float[] execLogits = mod.execHead(model.lastHidden(withExec, count + 1, m)).toFloatArray(); // (50)
            lastExecLogits = Arrays.copyOf(execLogits, Math.min(cap, CjsModules.MAX_EXEC));
            int k = pick(lastExecLogits);
            // the action token carries the step's time embedding, as in training (docs/reference/cjs.md, choices)
            float[] action = mod.actionTokens(new int[] {stageIdx}, new int[] {k}, m).add(time).toFloatArray(); // (1, d)
            float[] step = Arrays.copyOf(withExec, withExec.length + d);
            System.arraycopy(action, 0, step, withExec.length, d);
            remember(Arrays.copyOfRange(step, pastTokens * d, step.length));
            tau = Math.min(tau + 1, model.checkpoint().maxTimestep());
            return new Action(stageIdx, k + 1);
        }
    }

    private float[] concat(float[] current) {
        int d = model.checkpoint().hiddenSize();
        float[] seq = new float[(pastTokens * d) + current.length];
        int off = 0;
        for (float[] s : past) {
            System.arraycopy(s, 0, seq, off, s.length);
            off += s.length;
        }
        System.arraycopy(current, 0, seq, off, current.length);
        return seq;
    }

    /** Keeps the last K steps (the deque of K including the initial placeholder keeps min(t, K) real steps). */
    private void remember(float[] step) {
        int d = model.checkpoint().hiddenSize();
        past.addLast(step);
        pastTokens += step.length / d;
        while (past.size() > model.checkpoint().window()) {
            pastTokens -= past.removeFirst().length / d;
        }
    }

    private int pick(float[] logits) {
        return CategoricalSampling.pick(logits, mode == Mode.GREEDY ? null : random);
    }
}
