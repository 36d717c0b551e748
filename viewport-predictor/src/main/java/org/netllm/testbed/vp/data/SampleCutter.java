package org.netllm.testbed.vp.data;

import java.util.ArrayList;
import java.util.List;

/** Cuts samples from traces exactly as NetLLM's loader (docs/reference/vp.md §1.6). */
public final class SampleCutter {
    private final WindowSettings w;

    public SampleCutter(WindowSettings w) {
        this.w = w;
    }

    /** Anchors of a trace with {@code length} rows: trimHead, trimHead+step, … while t &lt; length − trimTail. */
    public List<Integer> anchors(int length) {
        List<Integer> out = new ArrayList<>();
        for (int t = w.trimHead(); t < length - w.trimTail(); t += w.step()) {
            out.add(t);
        }
        return out;
    }

    public List<VpSample> cut(ViewportTrace trace) {
        List<VpSample> out = new ArrayList<>();
        for (int t : anchors(trace.length())) {
            out.add(new VpSample(trace.dataset(), trace.key(), t,
                    trace.rows(t - w.hw(), t), trace.rows(t, t + w.pw())));
        }
        return out;
    }

    /** Every sample of the given traces, trace by trace, anchors ascending. */
    public List<VpSample> cut(List<ViewportTrace> traces) {
        List<VpSample> out = new ArrayList<>();
        for (ViewportTrace tr : traces) {
            out.addAll(cut(tr));
        }
        return out;
    }
}
