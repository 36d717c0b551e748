package org.netllm.testbed.abr.netllm;

import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.state.PensieveState;

/**
 * NetLLM's ABR policy as an {@link AbrAlgorithm}, with the simulator semantics the model was
 * trained on (abr-reference §7.6) served per browser session (§8.7):
 * <ul>
 * <li>chunk index 0 starts a session: zero state, G = initial target, deques cleared;</li>
 * <li>timestep t = index of the chunk just downloaded; state with NetLLM normalisations (48-chunk
 * cap, remaining = max(47 − t, 0));</li>
 * <li>for t ≥ 1, G ← G − process(r) with r the λ = 4.3 reward of that chunk;</li>
 * <li>no query at t ≥ the timestep table's rows (48): the previous quality is returned.</li>
 * </ul>
 */
public final class NetLlmAbrPolicy implements AbrAlgorithm, AutoCloseable {

    /** Registry name. */
    public static final String NAME = "netllm";

    /** Chunks per video in NetLLM's simulator (abr-reference §1); the remaining-chunk row counts against it. */
    public static final int NETLLM_CHUNKS = 48;
    /** Quality of the chunk before chunk 0 (only affects chunk 0's reward, which is never used, §8.7). */
    private static final int INITIAL_PREV_QUALITY = 0;

    private final NetLlmAbrModel model;
    private final NetLlmAbrSession session;
    private final PensieveState state;
    private final int[] bitrates;
    private final QoeParams qoe = QoeParams.NETLLM;
    private final float[][] stateF = new float[AbrDtLayout.STATE_ROWS][AbrDtLayout.STATE_COLS];
    private int prevQuality = INITIAL_PREV_QUALITY;
    private float[] lastLogits;

    private NetLlmAbrPolicy(NetLlmAbrModel model, AbrContext ctx, double targetReturnScale) {
        this.model = model;
        this.bitrates = ctx.video().bitratesKbps();
        if (bitrates.length != AbrDtLayout.ACTION_DIM) {
            throw new IllegalArgumentException("NetLLM's ABR head has " + AbrDtLayout.ACTION_DIM + " qualities; video "
                    + ctx.video().name() + " has " + bitrates.length);
        }
        this.state = new PensieveState(bitrates, AbrDtLayout.STATE_COLS, NETLLM_CHUNKS);
        QualityChooser chooser = ctx.sampling() ? QualityChooser.sampling(ctx.seed()) : QualityChooser.argmax();
        this.session = new NetLlmAbrSession(model, targetReturnScale, chooser);
    }

    /** Factory sharing one loaded model between sessions. */
    public static AbrAlgorithmFactory factory(NetLlmAbrModel model, double targetReturnScale) {
        return ctx -> new NetLlmAbrPolicy(model, ctx, targetReturnScale);
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
        // NetLLM's remaining-chunk convention, whatever the player reported (§8.7)
        AbrObservation netllm = new AbrObservation(t, obs.quality(), obs.bufferS(), obs.rebufferS(), obs.chunkBytes(),
                obs.downloadMs(), Math.max(NETLLM_CHUNKS - 1 - t, 0), obs.nextSizesBytes());
        state.update(netllm);
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
