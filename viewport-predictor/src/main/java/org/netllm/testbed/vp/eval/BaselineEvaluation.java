package org.netllm.testbed.vp.eval;

import org.netllm.testbed.vp.data.SampleCutter;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.VpSplit;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.metric.MaeAccumulator;
import org.netllm.testbed.vp.metric.MaeResult;
import org.netllm.testbed.vp.predict.ViewportPredictor;

import java.util.List;

/** Scores a predictor over a dataset split with docs/reference/vp.md §1.6 cutting and docs/reference/vp.md §2's MAE (docs/reference/vp.md §3.4). */
public final class BaselineEvaluation {
    private BaselineEvaluation() {
    }

    public static List<VpSample> samples(VpData data, VpDataset d, VpSplit s, WindowSettings w) {
        return new SampleCutter(w).cut(data.traces(d, s));
    }

    public static MaeResult score(ViewportPredictor p, List<VpSample> samples) {
        MaeAccumulator acc = new MaeAccumulator();
        for (VpSample s : samples) {
            acc.add(s.future(), p.predict(s.history(), s.future().length));
        }
        return acc.result();
    }
}
