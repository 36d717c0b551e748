package org.netllm.testbed.vp.eval;

import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.HistoryPoint;
import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.PredictResponse;
import org.netllm.testbed.vp.service.PredictedPoint;
import org.netllm.testbed.vp.service.Resampler;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a dataset sample into the request a 360° client would send: its hw history rows at t = i·0.2 s
 * (the rows are uniformly spaced 5 Hz samples, §1.2), so the service's resampler keeps them all and the
 * answer equals the baseline on the raw rows.
 */
public final class ReplayRequests {
    private ReplayRequests() {
    }

    public static PredictRequest of(VpSample s, VpMethod method) {
        double[][] h = s.history();
        List<HistoryPoint> pts = new ArrayList<>(h.length);
        for (int i = 0; i < h.length; i++) {
            pts.add(new HistoryPoint(i * Resampler.STEP_S, h[i][0], h[i][1], h[i][2]));
        }
        return new PredictRequest(pts, h.length, s.future().length, method.key(), null, null,
                s.trace().video(), s.trace().user(), s.anchor());
    }

    /** The response's predictions as (horizon, 3) degrees. */
    public static double[][] angles(PredictResponse r) {
        double[][] out = new double[r.predictions().size()][];
        for (int k = 0; k < out.length; k++) {
            PredictedPoint p = r.predictions().get(k);
            out[k] = new double[] {p.roll(), p.pitch(), p.yaw()};
        }
        return out;
    }
}
