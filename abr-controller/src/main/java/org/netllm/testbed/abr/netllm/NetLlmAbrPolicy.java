package org.netllm.testbed.abr.netllm;

import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.DecisionStages;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.state.PensieveState;

/**
 * NetLLM's ABR policy as an {@link AbrAlgorithm}, with the simulator semantics the model was
 * trained on (docs/reference/abr.md §7.6) served per browser session (docs/reference/abr.md §8.7):
 * <ul>
 * <li>chunk index 0 starts a session: zero state, G = initial target, deques cleared;</li>
 * <li>timestep t = index of the chunk just downloaded; state with NetLLM normalisations (48-chunk
 * cap, remaining = max(47 − t, 0));</li>
 * <li>for t ≥ 1, G ← G − process(r) with r the λ = 4.3 reward of that chunk;</li>
 * <li>no query at t ≥ the timestep table's rows (48): the previous quality is returned.</li>
 * </ul>
 */
public final class NetLlmAbrPolicy implements AbrAlgorithm {

    /** Registry name. */
    public static final String NAME = "netllm";

    /** Chunks per video in NetLLM's simulator (docs/reference/abr.md §1); the remaining-chunk row counts against it. */
    public static final int NETLLM_CHUNKS = 48;
    /** Quality of the chunk before chunk 0 (only affects chunk 0's reward, which is never used, docs/reference/abr.md §8.7). */
    private static final int INITIAL_PREV_QUALITY = 0;
    /** Low 32 bits of a session seed: the range {@link PythonRandom} accepts. */
    private static final long SEED_MASK = 0xFFFF_FFFFL;

    private final NetLlmAbrModel model;
    /** Where {@link #decideAsync} runs (the model service's decision threads, or the caller's). */
    private final Executor decisions;
    private final NetLlmAbrSession session;
    private final PensieveState state;
    private final int[] bitrates;
    private final QoeParams qoe = QoeParams.NETLLM;
    private final float[][] stateF = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
    private int prevQuality = INITIAL_PREV_QUALITY;
    private float[] lastLogits;
    /** Written by the decision thread before it completes the future the session waits on. */
    private volatile DecisionStages lastStages;

    private NetLlmAbrPolicy(NetLlmAbrModel model, AbrContext ctx, double targetReturnScale, Executor decisions) {
        this.model = model;
        this.decisions = decisions;
        this.bitrates = ctx.video().bitratesKbps();
        if (bitrates.length != AbrDtLayout.ACTION_DIM) {
            throw new IllegalArgumentException("NetLLM's ABR head has " + AbrDtLayout.ACTION_DIM + " qualities; video "
                    + ctx.video().name() + " has " + bitrates.length);
        }
        this.state = new PensieveState(bitrates, AbrDtLayout.STATE_COLS, NETLLM_CHUNKS);
        // session seeds are 64-bit (derived per trace); Python's random.seed takes one 32-bit word here
        QualityChooser chooser = ctx.sampling() ? QualityChooser.sampling(ctx.seed() & SEED_MASK) : QualityChooser.argmax();
        this.session = new NetLlmAbrSession(model, targetReturnScale, chooser);
    }

    /** Factory sharing one loaded model between sessions; {@link #decideAsync} runs on the calling thread. */
    public static AbrAlgorithmFactory factory(NetLlmAbrModel model, double targetReturnScale) {
        return factory(model, targetReturnScale, Runnable::run);
    }

    /**
     * As {@link #factory(NetLlmAbrModel, double)}, with {@link #decideAsync} run on {@code decisions} (the model
     * service's decision threads): the caller's thread is not held while the forward waits for its batch.
     */
    public static AbrAlgorithmFactory factory(NetLlmAbrModel model, double targetReturnScale, Executor decisions) {
        return ctx -> new NetLlmAbrPolicy(model, ctx, targetReturnScale, decisions);
    }

    /** Decides on the decision executor; a full executor (RejectedExecutionException) fails the future. */
    @Override
    public CompletionStage<Integer> decideAsync(AbrObservation obs) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                long started = System.nanoTime();
                int quality = decide(obs);
                lastStages = new DecisionStages(started, System.nanoTime());
                return quality;
            }, decisions);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public DecisionStages lastStages() {
        return lastStages;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int decide(AbrObservation obs) {
        int t = obs.chunkIndex();
        if (t == 0) {
            reset();
        }
        if (t >= model.config().timestepRows()) {
            prevQuality = obs.quality();
            return obs.quality();
        }
        state.update(netllmObservation(obs));
        for (int r = 0; r < stateF.length; r++) {
            for (int c = 0; c < stateF[r].length; c++) {
                stateF[r][c] = (float) state.get(r, c);
            }
        }
        double reward = qoe.reward(bitrates[obs.quality()], bitrates[prevQuality], obs.rebufferS());
        prevQuality = obs.quality();
        NetLlmAbrSession.Decision d = session.decide(stateF, t, reward);
        lastLogits = d.logits();
        return d.quality();
    }

    /**
     * {@code obs} with NetLLM's remaining-chunk convention (47 − t, never negative), whatever the
     * player reported (docs/reference/abr.md §8.7); shared with pool collection so training and inference states agree.
     */
    public static AbrObservation netllmObservation(AbrObservation obs) {
        int t = obs.chunkIndex();
        return new AbrObservation(t, obs.quality(), obs.bufferS(), obs.rebufferS(), obs.chunkBytes(),
                obs.downloadMs(), Math.max(NETLLM_CHUNKS - 1 - t, 0), obs.nextSizesBytes());
    }

    /** Logits of the latest model query (null before the first); for logs and tests. */
    public float[] lastLogits() {
        return lastLogits;
    }

    /** Target return G now. */
    public double targetReturn() {
        return session.targetReturn();
    }

    /** Releases the session's device memory (its deques). */
    @Override
    public void close() {
        session.close();
    }

    @Override
    public void reset() {
        state.reset();
        session.reset();
        prevQuality = INITIAL_PREV_QUALITY;
        lastLogits = null;
    }
}
