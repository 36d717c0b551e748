package org.netllm.testbed.cjs.decima;

import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.sched.CategoricalSampling;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;

/**
 * Decima as a scheduler (docs/reference/cjs.md §4.3): encode, softmax over schedulable-stage
 * scores, then over the chosen job's executor scores. {@link Mode#SAMPLE} draws both with
 * CPython's {@code random.choices} on the episode's shared stream (the paper-faithful test-time
 * policy); {@link Mode#GREEDY} takes the argmax. One instance per episode when sampling.
 */
public final class DecimaScheduler implements Scheduler {

    public enum Mode { SAMPLE, GREEDY }

    private final DecimaNetwork net;
    private final Mode mode;
    private PythonRandom random;

    public DecimaScheduler(DecimaNetwork net, Mode mode) {
        this.net = net;
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode == Mode.SAMPLE ? "decima" : "decima-greedy";
    }

    @Override
    public void startEpisode(PythonRandom random) {
        this.random = random;
    }

    @Override
    public Action schedule(Observation raw) {
        NeuralObservation obs = NeuralObservation.of(raw);
        DecimaNetwork.Embeddings emb = net.encode(obs);
        float[] stageScores = net.stageScores(obs, emb);
        if (stageScores.length == 0) {
            return new Action(Action.NONE, raw.numCommittable());
        }
        int stageIdx = pick(stageScores);
        int node = nodeOfStage(obs, stageIdx);
        int job = obs.jobOf(node);
        float[] execScores = net.execScores(obs, emb, job);
        if (execScores.length == 0) {
            throw new IllegalStateException("job " + job + " has a schedulable stage but commit cap 0");
        }
        int k = pick(execScores);
        return new Action(stageIdx, k + 1);
    }

    private static int nodeOfStage(NeuralObservation obs, int stageIdx) {
        int r = -1;
        for (int i = 0; i < obs.numNodes(); i++) {
            if (obs.stageMask()[i] && ++r == stageIdx) {
                return i;
            }
        }
        throw new IllegalStateException("stage " + stageIdx + " not found");
    }

    private int pick(float[] logits) {
        if (mode == Mode.SAMPLE && random == null) {
            throw new IllegalStateException("sampling Decima needs startEpisode(random)");
        }
        return CategoricalSampling.pick(logits, mode == Mode.GREEDY ? null : random);
    }
}
