package org.netllm.testbed.abr.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.netllm.testbed.traces.CookedTrace;

/**
 * The ordered traces a simulator cycles through and the start pointer of each (docs/reference/abr.md §3.1
 * steps 2–4): the index order is shuffled unless fixed; pointers come from the given list (reordered
 * with the indices) or are drawn uniformly in [1, len−1]; only the first {@code traceNum} are kept.
 *
 * @param traces       traces in play order
 * @param pointers     start pointer of each trace: playback starts at sample {@code ptr} with the
 *                     clock at {@code time[ptr−1]}
 * @param sourceIndex  index of each trace in the caller's (sorted) list, for reporting
 */
public record TracePlan(List<CookedTrace> traces, int[] pointers, int[] sourceIndex) {

    public TracePlan {
        traces = List.copyOf(traces);
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("trace plan is empty");
        }
        if (pointers.length != traces.size() || sourceIndex.length != traces.size()) {
            throw new IllegalArgumentException("trace plan: " + traces.size() + " traces but "
                    + pointers.length + " pointers and " + sourceIndex.length + " indices");
        }
        for (int i = 0; i < traces.size(); i++) {
            validate(traces.get(i), pointers[i]);
        }
    }

    public int size() {
        return traces.size();
    }

    /** One trace with one pointer (the runner's per-session plan). */
    public static TracePlan single(CookedTrace trace, int pointer, int sourceIndex) {
        return new TracePlan(List.of(trace), new int[] {pointer}, new int[] {sourceIndex});
    }

    /**
     * docs/reference/abr.md §3.1 steps 2–4.
     *
     * @param traces    all traces in sorted-file order
     * @param pointers  per-trace start pointers in the same order, or null to draw them
     * @param fixed     false: shuffle the order first
     * @param traceNum  keep this many (≤ 0 or ≥ size: all)
     * @param rng       the simulator's RNG (shuffle, then pointer draws, in that order)
     */
    public static TracePlan build(List<CookedTrace> traces, int[] pointers, boolean fixed, int traceNum,
                                  SplittableRandom rng) {
        int n = traces.size();
        if (n == 0) {
            throw new IllegalArgumentException("no traces to simulate");
        }
        if (pointers != null && pointers.length != n) {
            throw new IllegalArgumentException(n + " traces but " + pointers.length + " start pointers");
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        if (!fixed) {
            Collections.shuffle(order, new java.util.Random(rng.nextLong()));
        }
        int keep = traceNum <= 0 || traceNum >= n ? n : traceNum;
        List<CookedTrace> planTraces = new ArrayList<>(keep);
        int[] planPointers = new int[keep];
        int[] planIndex = new int[keep];
        for (int k = 0; k < keep; k++) {
            int idx = order.get(k);
            CookedTrace t = traces.get(idx);
            planTraces.add(t);
            planIndex[k] = idx;
            // numpy randint(1, len) is uniform on [1, len-1]
            planPointers[k] = pointers != null ? pointers[idx] : rng.nextInt(1, t.size());
        }
        return new TracePlan(planTraces, planPointers, planIndex);
    }

    /** Rejects traces the reference loop would hang or misbehave on, naming the trace. */
    private static void validate(CookedTrace t, int pointer) {
        double[] time = t.timesS();
        double[] bw = t.mbps();
        if (pointer < 1 || pointer >= time.length) {
            throw new IllegalArgumentException("trace " + t.name() + ": start pointer " + pointer
                    + " outside 1.." + (time.length - 1));
        }
        boolean anyRate = false;
        for (int i = 0; i < time.length; i++) {
            if (!Double.isFinite(time[i]) || !Double.isFinite(bw[i]) || bw[i] < 0) {
                throw new IllegalArgumentException("trace " + t.name() + ": sample " + i
                        + " has a non-finite time or a negative/non-finite rate");
            }
            if (i > 0 && !(time[i] > time[i - 1])) {
                throw new IllegalArgumentException("trace " + t.name() + ": times not strictly increasing at sample " + i);
            }
            // docs/reference/abr.md §3.2: interval (time[i-1], time[i]] uses bw[i]; bw[0] never carries data
            anyRate |= i > 0 && bw[i] > 0;
        }
        if (!anyRate) {
            throw new IllegalArgumentException("trace " + t.name() + ": every usable rate (samples 1..) is 0; a chunk would never finish");
        }
    }
}
