package org.netllm.testbed.abr.netllm;

import org.netllm.testbed.netllm.adapt.DecisionTransformer;
import org.netllm.testbed.netllm.adapt.DtInferenceState;
import org.netllm.testbed.netllm.adapt.ReturnNormalisation;

/**
 * One playback session of the NetLLM ABR policy: the decision transformer's deques plus the
 * episode bookkeeping of {@code N:plm_special/test.py} (docs/reference/abr.md §7.6, §8.7):
 * target return G starts at max_return × target_return_scale; at timestep t ≥ 1 the processed
 * reward of the chunk just downloaded is subtracted before deciding; the action embedding of the
 * chosen (or given) quality is pushed after each decision.
 */
public final class NetLlmAbrSession implements AutoCloseable {

    /** One decision: head logits and the quality taken. */
    public record Decision(float[] logits, int quality) {
    }

    private final DecisionTransformer<float[][]> dt;
    private final DtInferenceState state;
    private final ReturnNormalisation norm;
    private final double targetReturnScale;
    private final QualityChooser chooser;
    private double target;

    public NetLlmAbrSession(NetLlmAbrModel model, double targetReturnScale, QualityChooser chooser) {
        this.dt = model.transformer();
        this.norm = model.normalisation();
        this.state = dt.newState();
        this.targetReturnScale = targetReturnScale;
        this.chooser = chooser;
        this.target = norm.initialTarget(targetReturnScale);
    }

    /**
     * Low-level step, as {@code netllm replay} drives it: the given return-to-go and timestep;
     * {@code takenQuality} (if ≥ 0) is pushed as the action instead of the chosen one.
     */
    public Decision step(float[][] abrState, double returnToGo, int timestep, int takenQuality) {
        float[] logits = dt.predict(state, abrState, returnToGo, timestep);
        int chosen = chooser.choose(logits);
        int pushed = takenQuality >= 0 ? takenQuality : chosen;
        if (pushed >= AbrDtLayout.ACTION_DIM) {
            throw new IllegalArgumentException("action " + pushed + " outside 0.." + (AbrDtLayout.ACTION_DIM - 1));
        }
        dt.commitAction(state, AbrDtLayout.actionInput(pushed));
        return new Decision(logits, chosen);
    }

    /**
     * Episode step at {@code timestep} (= index of the chunk just downloaded): for t ≥ 1 first
     * G ← G − process(rawReward) (the reward of chunk 0 is never subtracted, docs/reference/abr.md §9.9).
     */
    public Decision decide(float[][] abrState, int timestep, double rawRewardOfLastChunk) {
        if (timestep >= 1) {
            target -= norm.process(rawRewardOfLastChunk);
        }
        return step(abrState, target, timestep, -1);
    }

    /** Current target return G. */
    public double targetReturn() {
        return target;
    }

    /** New session: G back to its initial value and the deques cleared (docs/reference/abr.md §8.7). */
    public void reset() {
        target = norm.initialTarget(targetReturnScale);
        state.clear();
    }

    /** Past steps in the context (≤ w). */
    public int contextSteps() {
        return state.size();
    }

    @Override
    public void close() {
        state.close();
    }
}
