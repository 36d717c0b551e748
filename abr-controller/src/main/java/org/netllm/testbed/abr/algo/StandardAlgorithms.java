package org.netllm.testbed.abr.algo;

import java.nio.file.Path;
import org.netllm.testbed.abr.algo.bba.BufferBased;
import org.netllm.testbed.abr.algo.bola.BolaBasic;
import org.netllm.testbed.abr.algo.mpc.ModelPredictiveControl;
import org.netllm.testbed.abr.algo.mpc.MpcVariant;
import org.netllm.testbed.abr.algo.pensieve.BundledActors;
import org.netllm.testbed.abr.algo.pensieve.PensieveActorFactory;
import org.netllm.testbed.abr.algo.rate.ThroughputRule;
import org.netllm.testbed.abr.netllm.NetLlmAbrPolicy;
import org.netllm.testbed.abr.netllm.NetLlmModels;

/**
 * Every baseline under its registry name: bba, robustmpc, fastmpc, bola, throughput, the learned
 * actors (genet, genet-emulation, udr-1, udr-2, udr-3, udr-real, udr-3-emulation, pensieve) and
 * fixed-0..fixed-5, and NetLLM ("netllm" = the embedded default model, "netllm:PATH" = a checkpoint
 * folder). Actor and NetLLM weights load on the first session of each name and are shared.
 */
public final class StandardAlgorithms {

    /** fixed-0 .. fixed-(N−1) for the 6-level ladder of every shipped video. */
    public static final int FIXED_LEVELS = 6;

    private StandardAlgorithms() {
    }

    /** A fresh registry (callers may add more, e.g. "netllm"). */
    public static AbrAlgorithms registry() {
        AbrAlgorithms r = new AbrAlgorithms();
        r.register(BufferBased.NAME, context -> new BufferBased(context.video().levels()));
        r.register(MpcVariant.ROBUST.name(), ModelPredictiveControl.factory(MpcVariant.ROBUST));
        r.register(MpcVariant.FAST.name(), ModelPredictiveControl.factory(MpcVariant.FAST));
        r.register(MpcVariant.ROBUST_NETLLM_SIM.name(), ModelPredictiveControl.factory(MpcVariant.ROBUST_NETLLM_SIM));
        r.register(BolaBasic.NAME, BolaBasic.factory());
        r.register(ThroughputRule.NAME, ThroughputRule.factory());
        for (BundledActors actor : BundledActors.ALL) {
            r.register(actor.name(), PensieveActorFactory.bundled(actor.name(), actor.folder()));
        }
        for (int q = 0; q < FIXED_LEVELS; q++) {
            int quality = q;
            r.register("fixed-" + q, context -> new FixedQuality(quality, context.video().levels()));
        }
        // NetLLM: the embedded default model, or a checkpoint folder as netllm:/path (loaded on first use)
        r.register(NetLlmAbrPolicy.NAME, NetLlmModels.embedded());
        r.registerPrefix(NetLlmModels.PATH_PREFIX, arg -> NetLlmModels.fromFolder(Path.of(arg)));
        return r;
    }
}
