package org.netllm.testbed.abr.algo.mpc;

/**
 * The two MPC flavours of GENET's emulator (abr-reference §6.2, §6.3).
 *
 * @param name        registry id
 * @param robust      true: discount the harmonic-mean estimate by 1 + max of the last 5 relative errors
 * @param maxHorizon  look-ahead in chunks before truncation at the end of the video
 */
public record MpcVariant(String name, boolean robust, int maxHorizon) {

    /** RobustMPC, the paper's "MPC" baseline: {@code G:agent_policy/mpc.py}, horizon 5. */
    public static final MpcVariant ROBUST = new MpcVariant("robustmpc", true, 5);
    /** FastMPC: {@code G:agent_policy/fast_mpc.py}, no error discount, horizon 4. */
    public static final MpcVariant FAST = new MpcVariant("fastmpc", false, 4);

    public MpcVariant {
        if (maxHorizon < 1 || maxHorizon > MpcPlans.PLAN_LENGTH) {
            throw new IllegalArgumentException("MPC horizon must be 1.." + MpcPlans.PLAN_LENGTH + ", got " + maxHorizon);
        }
    }
}
