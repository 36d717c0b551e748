package org.netllm.testbed.vp;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.vp.data.SampleCutter;
import org.netllm.testbed.vp.data.TraceKey;
import org.netllm.testbed.vp.data.ViewportTrace;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.eval.ReplayRequests;
import org.netllm.testbed.vp.predict.LinearRegressionPredictor;
import org.netllm.testbed.vp.predict.VelocityPredictor;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.AnglePoint;
import org.netllm.testbed.vp.service.EvaluateRequest;
import org.netllm.testbed.vp.service.EvaluateResponse;
import org.netllm.testbed.vp.service.HistoryPoint;
import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.PredictResponse;
import org.netllm.testbed.vp.service.VpPredictionService;
import org.netllm.testbed.vp.service.VpRequestException;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The service of docs/reference/vp.md §5 without HTTP: resampling, defaults, validation, evaluation. */
class PredictionServiceTest {
    private final VpPredictionService service = VpPredictionService.withBaselines(null);

    private static List<HistoryPoint> linear(int n, double hz) {
        List<HistoryPoint> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            h.add(new HistoryPoint(i / hz, 0.5 * i, -0.25 * i, 2.0 * i));
        }
        return h;
    }

    @Test
    void uniform5HzHistoryIsUsedAsIsAndDefaultsAreLrTenTwenty() {
        PredictResponse r = service.predict(new PredictRequest(linear(12, 5), null, null, null, null, null, null, null, null));
        assertEquals("lr", r.method());
        assertEquals(10, r.historyUsed());
        assertEquals(20, r.predictions().size());
        assertEquals(5.0, r.sampleRateHz());
        assertEquals("euler_zxy_deg", r.convention());
        // rows 2..11 lie on a line: LR continues it, t = t_last + k·0.2
        assertEquals(0.5 * 12, r.predictions().get(0).roll(), 1e-9);
        assertEquals(2.0 * 31, r.predictions().get(19).yaw(), 1e-9);
        assertEquals(11 * 0.2 + 0.2, r.predictions().get(0).t(), 1e-9);
    }

    @Test
    void a25HzStreamKeepsEveryFifthSample() {
        // 25 Hz: t = k·0.04; the first sample at or after each 0.2 s tick is k = 0, 5, 10, ...
        List<HistoryPoint> h = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            h.add(new HistoryPoint(k * 0.04, (double) k, 0.0, 0.0));
        }
        PredictResponse r = service.predict(PredictRequest.of(h, 12, 1, "repeat"));
        assertEquals(55.0, r.predictions().get(0).roll(), 0.0); // last kept = k 55
        PredictResponse v = service.predict(PredictRequest.of(h, 12, 1, "velocity"));
        // history kept k = 0, 5, ..., 55 → velocity (55 - 0)/11 per step
        assertEquals(60.0, v.predictions().get(0).roll(), 1e-9);
    }

    @Test
    void irregularTimesFollowTheFirstAtOrAfterTickRuleAndDropBackwardRows() {
        double[] t = {0, 0.1, 0.25, 0.3, 0.2, 0.45, 0.61, 0.62, 0.9};
        List<HistoryPoint> h = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            h.add(new HistoryPoint(t[i], (double) i, 0.0, 0.0));
        }
        // kept: 0 (tick 0), 0.25 (tick .2), 0.45 (tick .4), 0.61 (tick .6), 0.9 (tick .8); 0.2 after 0.3 is dropped
        PredictResponse r = service.predict(PredictRequest.of(h, 5, 1, "velocity"));
        assertEquals(1, r.historyDropped());
        double v = (8 - 0) / 4.0; // rows 0, 2, 5, 6, 8 → roll 0..8
        assertEquals(8 + v, r.predictions().get(0).roll(), 1e-9);
        assertEquals(0.9 + 0.2, r.predictions().get(0).t(), 1e-9);
    }

    @Test
    void replayedDatasetSamplesGiveTheBaselineOnTheRawRowsForASlidingSequence() {
        ViewportTrace tr = VpData.bundled().trace(VpDataset.JIN2022, new TraceKey(4, 83));
        List<VpSample> samples = new SampleCutter(WindowSettings.of(10, 20)).cut(tr);
        assertEquals(14, samples.size());
        for (VpSample s : samples) {
            double[][] viaService = ReplayRequests.angles(service.predict(ReplayRequests.of(s, VpMethod.VELOCITY)));
            double[][] direct = new VelocityPredictor().predict(s.history(), 20);
            for (int k = 0; k < 20; k++) {
                assertArrayEquals(direct[k], viaService[k], 0.0, "anchor " + s.anchor() + " k " + k);
            }
        }
    }

    @Test
    void slightlyOutOfRangeRollAndYawAreWrappedOnce() {
        List<HistoryPoint> h = new ArrayList<>(linear(10, 5));
        h.set(9, new HistoryPoint(1.8, 190.0, 0.0, -181.0));
        PredictResponse r = service.predict(PredictRequest.of(h, 10, 1, "repeat"));
        assertEquals(-170.0, r.predictions().get(0).roll(), 1e-9);
        assertEquals(179.0, r.predictions().get(0).yaw(), 1e-9);
    }

    @Test
    void wrapOutputsRewrapsRollAndYaw() {
        List<HistoryPoint> h = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            h.add(new HistoryPoint(i * 0.2, 0.0, 0.0, 150.0 + 3 * i));
        }
        PredictRequest plain = PredictRequest.of(h, 10, 20, "velocity");
        assertEquals(177.0 + 60, service.predict(plain).predictions().get(19).yaw(), 1e-9);
        PredictRequest wrapped = new PredictRequest(h, 10, 20, "velocity", null, true, null, null, null);
        assertEquals(237.0 - 360, service.predict(wrapped).predictions().get(19).yaw(), 1e-9);
    }

    private VpRequestException refused(PredictRequest r) {
        return assertThrows(VpRequestException.class, () -> service.predict(r));
    }

    @Test
    void invalidRequestsNameTheField() {
        List<HistoryPoint> h = new ArrayList<>(linear(12, 5));
        h.set(3, new HistoryPoint(0.6, 0.0, Double.NaN, 0.0));
        assertEquals("history[3].pitch", refused(PredictRequest.of(h, 10, 20, "lr")).field());
        h.set(3, new HistoryPoint(0.6, 0.0, 90.5, 0.0));
        VpRequestException pitch = refused(PredictRequest.of(h, 10, 20, "lr"));
        assertEquals("history[3].pitch", pitch.field());
        assertEquals(VpRequestException.Kind.INVALID, pitch.kind());
        h.set(3, new HistoryPoint(0.6, 0.0, 0.0, 600.0));
        assertEquals("history[3].yaw", refused(PredictRequest.of(h, 10, 20, "lr")).field());
        h.set(3, new HistoryPoint(Double.POSITIVE_INFINITY, 0.0, 0.0, 0.0));
        assertEquals("history[3].t", refused(PredictRequest.of(h, 10, 20, "lr")).field());
        h.set(3, new HistoryPoint(0.6, null, 0.0, 0.0));
        assertEquals("history[3].roll", refused(PredictRequest.of(h, 10, 20, "lr")).field());

        VpRequestException few = refused(PredictRequest.of(linear(9, 5), 10, 20, "lr"));
        assertEquals(VpRequestException.Kind.INSUFFICIENT_HISTORY, few.kind());
        assertEquals("history", few.field());
        // 30 points at 30 Hz span 1 s → only 5 samples at 5 Hz
        assertEquals(VpRequestException.Kind.INSUFFICIENT_HISTORY, refused(PredictRequest.of(linear(30, 30), 10, 20, "lr")).kind());

        assertEquals("method", refused(PredictRequest.of(linear(12, 5), 10, 20, "track")).field());
        VpRequestException noModel = refused(PredictRequest.of(linear(12, 5), 10, 20, "netllm"));
        assertEquals(VpRequestException.Kind.UNAVAILABLE, noModel.kind());
        assertEquals("horizon", refused(PredictRequest.of(linear(12, 5), 10, 31, "lr")).field());
        assertEquals("horizon", refused(PredictRequest.of(linear(12, 5), 10, 0, "lr")).field());
        assertEquals("historyWindow", refused(PredictRequest.of(linear(12, 5), 1, 20, "lr")).field());
        VpRequestException big = refused(PredictRequest.of(linear(5000, 5), 10, 20, "lr"));
        assertEquals(VpRequestException.Kind.TOO_LARGE, big.kind());
        assertEquals("history", refused(PredictRequest.of(List.of(), 10, 20, "lr")).field());
        assertEquals("orientationFormat", refused(new PredictRequest(linear(12, 5), 10, 20, "lr", "quaternion_xyzw",
                null, null, null, null)).field());
    }

    @Test
    void evaluationIsSection2MaeOnTheGoldenSample() {
        VpSample s = new SampleCutter(WindowSettings.of(10, 20))
                .cut(VpData.bundled().trace(VpDataset.JIN2022, new TraceKey(4, 83))).get(0);
        double[][] lr = new LinearRegressionPredictor().predict(s.history(), 20);
        EvaluateResponse r = service.evaluate(new EvaluateRequest(points(lr), points(s.future())));
        assertEquals(26.0997, r.maeDeg(), 5e-5 + 1e-9); // docs/reference/vp.md §3.4
        assertEquals(20, r.steps());
        assertEquals(r.maeDeg(), (r.rollDeg() + r.pitchDeg() + r.yawDeg()) / 3, 1e-12);
        // 20 predicted steps against the 10 history rows: the lengths differ
        assertEquals("predictions", assertThrows(VpRequestException.class,
                () -> service.evaluate(new EvaluateRequest(points(lr), points(s.history())))).field());
        List<AnglePoint> bad = new ArrayList<>(points(lr));
        bad.set(4, new AnglePoint(1.0, Double.NaN, 2.0));
        assertEquals("predictions[4].pitch", assertThrows(VpRequestException.class,
                () -> service.evaluate(new EvaluateRequest(bad, points(s.future())))).field());
    }

    private static List<AnglePoint> points(double[][] a) {
        List<AnglePoint> out = new ArrayList<>();
        for (double[] r : a) {
            out.add(new AnglePoint(r[0], r[1], r[2]));
        }
        return out;
    }
}
