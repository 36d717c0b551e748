package org.netllm.testbed.abr.algo.mpc;

/**
 * The MPC flavours (docs/reference/abr.md §6.2, §6.3): GENET emulator RobustMPC and FastMPC, and the NetLLM
 * simulator's RobustMPC with its off-by-one chunk indexing.
 *
 * @param name        registry id
 * @param robust      true: discount the harmonic-mean estimate by 1 + max of the last 5 relative errors
 * @param maxHorizon  look-ahead in chunks before truncation at the end of the video
 * @param indexing    which chunk sizes price a plan (docs/reference/abr.md §6.2 item 8)
 */
public record MpcVariant(String name, boolean robust, int maxHorizon, MpcChunkIndexing indexing) {

    /** RobustMPC, the paper's "MPC" baseline: {@code G:agent_policy/mpc.py}, horizon 5. */
    public static final MpcVariant ROBUST = new MpcVariant("robustmpc", true, 5, MpcChunkIndexing.GENET_EMULATOR);
    /** FastMPC: {@code G:agent_policy/fast_mpc.py}, no error discount, horizon 4. */
    public static final MpcVariant FAST = new MpcVariant("fastmpc", false, 4, MpcChunkIndexing.GENET_EMULATOR);
    /**
     * RobustMPC as NetLLM's simulator runs it ({@code N:run_baseline.py}, docs/reference/abr.md §6.2 items 8–9): plans
     * priced from chunk k + 2. Its error/estimate history, which {@code run_baseline.py} never resets
     * between traces, is NOT carried over here: the simulation runner gives every trace a fresh
     * instance and runs traces in parallel, so carrying it would make each trace's result depend on
     * thread scheduling; only the first decisions of each trace can differ because of this.
     */
    public static final MpcVariant ROBUST_NETLLM_SIM = new MpcVariant("robustmpc-netllm-sim", true, 5,
            MpcChunkIndexing.NETLLM_SIM);

    public MpcVariant {
        if (maxHorizon < 1 || maxHorizon > MpcPlans.PLAN_LENGTH) {
            throw new IllegalArgumentException("MPC horizon must be 1.." + MpcPlans.PLAN_LENGTH + ", got " + maxHorizon);
        }
        if (indexing == null) {
            throw new IllegalArgumentException("MPC variant " + name + " needs a chunk indexing");
        }
    }
}
