package org.netllm.testbed.traces;

/**
 * Parameters of {@link SyntheticTraceGenerator}. The defaults are ours (no repository publishes
 * Pensieve's generator settings); they give means in the 0.5–6 Mbit/s range of the real sets.
 *
 * @param states        number of bandwidth states (≥ 2)
 * @param minMbps       mean rate of the slowest state
 * @param maxMbps       mean rate of the fastest state; states are log-spaced in between
 * @param meanDwellS    mean of the exponential time spent in a state before a switch
 * @param maxJump       a switch moves to another state at most this many levels away, uniformly
 * @param noiseFraction Gaussian noise standard deviation as a fraction of the state's mean
 * @param floorMbps     samples are clipped at this rate so a trace never stalls completely
 * @param stepS         spacing of the cooked samples (1 s like the FCC sets)
 */
public record SyntheticTraceParams(int states, double minMbps, double maxMbps, double meanDwellS,
                                   int maxJump, double noiseFraction, double floorMbps, double stepS) {

    public static final SyntheticTraceParams DEFAULTS =
            new SyntheticTraceParams(8, 0.5, 6.0, 10.0, 2, 0.1, 0.05, 1.0);

    public SyntheticTraceParams {
        require(states >= 2, "states must be >= 2, got " + states);
        require(minMbps > 0 && maxMbps > minMbps, "need 0 < minMbps < maxMbps, got " + minMbps + ", " + maxMbps);
        require(meanDwellS > 0, "meanDwellS must be positive, got " + meanDwellS);
        require(maxJump >= 1, "maxJump must be >= 1, got " + maxJump);
        require(noiseFraction >= 0, "noiseFraction must be >= 0, got " + noiseFraction);
        require(floorMbps > 0, "floorMbps must be positive, got " + floorMbps);
        require(stepS > 0, "stepS must be positive, got " + stepS);
    }

    /** Mean rate of state {@code s}: min·(max/min)^(s/(states−1)). */
    public double stateMbps(int s) {
        return minMbps * Math.pow(maxMbps / minMbps, (double) s / (states - 1));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("synthetic trace parameters: " + message);
        }
    }
}
