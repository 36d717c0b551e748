package org.netllm.testbed.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic cooked traces in the spirit of Pensieve's synthetic set: a Markov chain over
 * bandwidth states. Exactly what it does, per trace:
 * <ol>
 *   <li>start in a state drawn uniformly from {@code 0..states-1};</li>
 *   <li>stay there for a dwell time drawn from Exp(mean = {@code meanDwellS});</li>
 *   <li>then jump to a different state at distance 1..{@code maxJump}, uniformly among those
 *       inside the range, and repeat;</li>
 *   <li>sample every {@code stepS} from 0 to the duration: rate = state mean + N(0, (noiseFraction ·
 *       state mean)²), clipped below at {@code floorMbps}. The state at a sample time is the one
 *       holding at that instant.</li>
 * </ol>
 * Randomness: {@link Random} (its algorithm is fixed by the Java specification, so output is the
 * same on every JVM). Trace k uses a seed drawn k-th from {@code new Random(seed)}, so a run with
 * more traces repeats the earlier ones.
 */
public final class SyntheticTraceGenerator {

    private final SyntheticTraceParams params;

    public SyntheticTraceGenerator(SyntheticTraceParams params) {
        this.params = params;
    }

    /** {@code count} traces of {@code durationS} seconds, named {@code synth_0000}, ... */
    public List<CookedTrace> generate(int count, double durationS, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        if (!(durationS >= params.stepS())) {
            throw new IllegalArgumentException("duration must be at least one step (" + params.stepS()
                    + " s), got " + durationS);
        }
        Random seeds = new Random(seed);
        List<CookedTrace> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(generateOne(String.format("synth_%04d", k), durationS, new Random(seeds.nextLong())));
        }
        return out;
    }

    private CookedTrace generateOne(String name, double durationS, Random rng) {
        int samples = (int) Math.floor(durationS / params.stepS() + 1e-9) + 1;
        double[] times = new double[samples];
        double[] mbps = new double[samples];
        int state = rng.nextInt(params.states());
        double switchAtS = dwell(rng);
        for (int i = 0; i < samples; i++) {
            double t = i * params.stepS();
            while (t >= switchAtS) {
                state = jump(state, rng);
                switchAtS += dwell(rng);
            }
            double mean = params.stateMbps(state);
            times[i] = t;
            mbps[i] = Math.max(params.floorMbps(), mean + rng.nextGaussian() * params.noiseFraction() * mean);
        }
        return new CookedTrace(name, times, mbps);
    }

    private double dwell(Random rng) {
        // inverse CDF of the exponential; 1 - u is in (0, 1] so the log is finite
        return -params.meanDwellS() * Math.log(1.0 - rng.nextDouble());
    }

    private int jump(int state, Random rng) {
        int lo = Math.max(0, state - params.maxJump());
        int hi = Math.min(params.states() - 1, state + params.maxJump());
        // candidates lo..hi without the current state
        int pick = lo + rng.nextInt(hi - lo);
        return pick >= state ? pick + 1 : pick;
    }
}
