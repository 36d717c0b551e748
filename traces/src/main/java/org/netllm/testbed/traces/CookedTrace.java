package org.netllm.testbed.traces;

import java.util.Arrays;
import java.util.Objects;

/**
 * A bandwidth trace in the "cooked" format the chunk-level simulators read: sample i says the
 * link ran at {@code mbps[i]} Mbit/s during the interval (timesS[i-1], timesS[i]]. Sample 0's rate
 * is therefore never used by the simulator (docs/reference/abr.md §2.2, §3.2).
 *
 * @param name   file name without directory (used in results)
 * @param timesS strictly increasing sample times in seconds
 * @param mbps   throughput of each sample in Mbit/s, same length as {@code timesS}
 */
public record CookedTrace(String name, double[] timesS, double[] mbps) {

    public CookedTrace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timesS, "timesS");
        Objects.requireNonNull(mbps, "mbps");
        if (timesS.length != mbps.length) {
            throw new IllegalArgumentException("trace " + name + ": " + timesS.length
                    + " times but " + mbps.length + " rates");
        }
        if (timesS.length < 2) {
            throw new IllegalArgumentException("trace " + name + ": needs at least 2 samples, has "
                    + timesS.length);
        }
    }

    public int size() {
        return timesS.length;
    }

    /** Total span covered by the samples, in seconds. */
    public double durationS() {
        return timesS[timesS.length - 1] - timesS[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookedTrace t && name.equals(t.name)
                && Arrays.equals(timesS, t.timesS) && Arrays.equals(mbps, t.mbps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(timesS), Arrays.hashCode(mbps));
    }

    @Override
    public String toString() {
        return "CookedTrace[" + name + ", " + timesS.length + " samples, " + durationS() + " s]";
    }
}
