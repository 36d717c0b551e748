package org.netllm.testbed.abr.algo;

import java.nio.file.Path;
import java.util.List;
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
 *
 * <p>Three registries: {@link #baselines()} (no NetLLM), {@link #registry(NetLlmModels)} for a command whose
 * algorithm names come from its own flags (any "netllm:PATH" resolves), and {@link #forServer} where the names
 * come from HTTP requests: only the model folders given at start-up exist, so a request cannot make the server
 * open a folder.
 */
public final class StandardAlgorithms {

    /** fixed-0 .. fixed-(N−1) for the 6-level ladder of every shipped video. */
    public static final int FIXED_LEVELS = 6;

    private StandardAlgorithms() {
    }

    /** The baselines: no NetLLM (so no model service needed). */
    public static AbrAlgorithms baselines() {
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
        return r;
    }

    /**
     * Baselines, the embedded NetLLM model and any "netllm:PATH" (loaded on first use): for commands whose names
     * come from their own flags (sim, pool collection, benches).
     */
    public static AbrAlgorithms registry(NetLlmModels netllm) {
        AbrAlgorithms r = baselines();
        r.register(NetLlmAbrPolicy.NAME, netllm.embedded());
        r.registerPrefix(NetLlmModels.PATH_PREFIX, arg -> netllm.fromFolder(Path.of(arg)));
        return r;
    }

    /**
     * Baselines, the embedded NetLLM model and exactly the given "netllm:PATH" names (from the command line, as
     * spelled there): for the server, where names come from requests and no other folder may be opened.
     */
    public static AbrAlgorithms forServer(NetLlmModels netllm, List<String> modelNames) {
        AbrAlgorithms r = baselines();
        r.register(NetLlmAbrPolicy.NAME, netllm.embedded());
        for (String name : modelNames) {
            if (!isModelFolderName(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a NetLLM model folder name ("
                        + NetLlmModels.PATH_PREFIX + "PATH)");
            }
            r.register(name, netllm.fromFolder(Path.of(name.substring(NetLlmModels.PATH_PREFIX.length()))));
        }
        return r;
    }

    /** Whether {@code name} is "netllm:PATH" (case-insensitive prefix, non-empty path). */
    public static boolean isModelFolderName(String name) {
        return name.length() > NetLlmModels.PATH_PREFIX.length()
                && name.regionMatches(true, 0, NetLlmModels.PATH_PREFIX, 0, NetLlmModels.PATH_PREFIX.length());
    }
}
