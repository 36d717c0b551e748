package org.netllm.testbed.abr.algo.pensieve;

import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.state.PensieveState;

/**
 * One session of a learned Pensieve/GENET actor (docs/reference/abr.md §6.4, §8.6 step 7): update the
 * state from the observation, run the shared network, sample (or argmax) an action, map it to a
 * quality relative to the chunk just downloaded (GENET) or directly (original Pensieve).
 * Allocation-free per decision.
 */
public final class PensieveActor implements AbrAlgorithm {

    private final String name;
    private final PensieveActorNetwork network;
    private final int levels;
    private final PensieveState state;
    private final PensieveActorNetwork.Scratch scratch = new PensieveActorNetwork.Scratch();
    private final float[] probs;
    private final ActionSampler sampler;

    /**
     * @param bitratesKbps ladder (row 0 and the action clamp)
     * @param remainCap    row 5 cap (48 NetLLM simulator, 49 GENET emulator)
     */
    public PensieveActor(String name, PensieveActorNetwork network, int[] bitratesKbps, int remainCap,
            boolean sampling, long seed) {
        ActorArchitecture arch = network.architecture();
        if (arch == ActorArchitecture.PENSIEVE_ORIGINAL && bitratesKbps.length != arch.actions()) {
            throw new IllegalArgumentException("actor " + name + " chooses among " + arch.actions()
                    + " qualities but the video has " + bitratesKbps.length);
        }
        this.name = name;
        this.network = network;
        this.levels = bitratesKbps.length;
        this.state = new PensieveState(bitratesKbps, arch.sLen(), remainCap);
        this.probs = new float[arch.actions()];
        this.sampler = new ActionSampler(sampling, seed);
    }

    /** Cheap and bounded (one small actor network forward in plain Java, GENET actor p50 21 µs): the server decides it on the event loop. */
    @Override
    public boolean decidesInline() {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int decide(AbrObservation obs) {
        state.update(obs);
        network.forward(state, scratch, probs);
        int action = sampler.choose(probs, probs.length);
        return network.architecture().toQuality(action, obs.quality(), levels);
    }

    /** Probabilities of the last decision (a copy). */
    public float[] lastProbabilities() {
        return probs.clone();
    }

    @Override
    public void reset() {
        state.reset();
        sampler.reset();
    }
}
