package org.netllm.testbed.vp.service;

import org.netllm.testbed.vp.data.Axis;
import org.netllm.testbed.vp.metric.MaeAccumulator;
import org.netllm.testbed.vp.metric.MaeResult;
import org.netllm.testbed.vp.predict.LinearRegressionPredictor;
import org.netllm.testbed.vp.predict.RepeatLastPredictor;
import org.netllm.testbed.vp.predict.VelocityPredictor;
import org.netllm.testbed.vp.predict.ViewportPredictor;
import org.netllm.testbed.vp.predict.VpMethod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The VP prediction and evaluation operations (docs/reference/vp.md §5), independent of HTTP: the server
 * route and the offline CLI both call this class, so their answers are identical. Thread-safe when the
 * predictors are.
 */
public final class VpPredictionService {
    public static final String CONVENTION = "euler_zxy_deg";
    public static final int DEFAULT_HISTORY_WINDOW = 10;
    public static final int DEFAULT_HORIZON = 20;
    static final double HALF_TURN_DEG = 180.0;
    static final double QUARTER_TURN_DEG = 90.0;
    /** roll/yaw up to one turn beyond ±180 are wrapped once (docs/reference/vp.md §5.1 "slightly outside"); further is refused. */
    static final double MAX_WRAPPABLE_DEG = 540.0;
    private static final double NANOS_PER_MS = 1e6;

    private final Map<VpMethod, ViewportPredictor> predictors;
    private final VpServiceLimits limits;
    private final LongSupplier nanoClock;

    public VpPredictionService(Map<VpMethod, ViewportPredictor> predictors, VpServiceLimits limits, LongSupplier nanoClock) {
        this.predictors = Collections.unmodifiableMap(new EnumMap<>(predictors));
        this.limits = limits;
        this.nanoClock = nanoClock;
    }

    /** LR, Velocity and repeat-last, plus NetLLM-VP when {@code netllm} is non-null. */
    public static VpPredictionService withBaselines(ViewportPredictor netllm) {
        Map<VpMethod, ViewportPredictor> m = new EnumMap<>(VpMethod.class);
        m.put(VpMethod.LR, new LinearRegressionPredictor());
        m.put(VpMethod.VELOCITY, new VelocityPredictor());
        m.put(VpMethod.REPEAT, new RepeatLastPredictor());
        if (netllm != null) {
            m.put(VpMethod.NETLLM, netllm);
        }
        return new VpPredictionService(m, VpServiceLimits.DEFAULT, System::nanoTime);
    }

    public Set<VpMethod> methods() {
        return predictors.keySet();
    }

    public VpServiceLimits limits() {
        return limits;
    }

    /** docs/reference/vp.md §5.1 default: netllm when deployed, otherwise lr. */
    public VpMethod defaultMethod() {
        return predictors.containsKey(VpMethod.NETLLM) ? VpMethod.NETLLM : VpMethod.LR;
    }

    public PredictResponse predict(PredictRequest req) {
        if (req == null) {
            throw invalid("body", "a JSON object is required");
        }
        VpMethod method = method(req.method());
        int hw = bounded("historyWindow", req.historyWindow(), DEFAULT_HISTORY_WINDOW, limits.minHistoryWindow(), limits.maxHistoryWindow());
        int horizon = bounded("horizon", req.horizon(), DEFAULT_HORIZON, 1, limits.maxHorizon());
        if (req.orientationFormat() != null && !CONVENTION.equals(req.orientationFormat())) {
            throw invalid("orientationFormat", "only '" + CONVENTION + "' is supported, got '" + req.orientationFormat() + "'");
        }
        List<double[]> rows = validatedHistory(req.history());
        Resampler.Resampled rs = Resampler.resample(rows);
        if (rs.rows().size() < hw) {
            throw new VpRequestException(VpRequestException.Kind.INSUFFICIENT_HISTORY, "history",
                    "resampled to " + rs.rows().size() + " samples at 5 Hz, historyWindow needs " + hw);
        }
        List<double[]> window = rs.rows().subList(rs.rows().size() - hw, rs.rows().size());
        double[][] history = new double[hw][Axis.COUNT]; // (hw, 3) degrees
        for (int i = 0; i < hw; i++) {
            System.arraycopy(window.get(i), 1, history[i], 0, Axis.COUNT);
        }
        ViewportPredictor p = predictors.get(method);
        long start = nanoClock.getAsLong();
        double[][] out = p.predict(history, horizon); // (horizon, 3)
        double latencyMs = (nanoClock.getAsLong() - start) / NANOS_PER_MS;
        boolean wrap = Boolean.TRUE.equals(req.wrapOutputs());
        double tLast = window.get(hw - 1)[0];
        List<PredictedPoint> preds = new ArrayList<>(horizon);
        for (int k = 1; k <= horizon; k++) {
            double[] o = out[k - 1];
            preds.add(new PredictedPoint(tLast + k * Resampler.STEP_S,
                    wrap ? wrapHalfOpen(o[0]) : o[0], o[1], wrap ? wrapHalfOpen(o[2]) : o[2]));
        }
        return new PredictResponse(preds, method.key(), hw, rs.droppedBackwards(), Resampler.RATE_HZ, CONVENTION,
                latencyMs, req.videoId(), req.userId(), req.anchorIndex());
    }

    public EvaluateResponse evaluate(EvaluateRequest req) {
        if (req == null) {
            throw invalid("body", "a JSON object is required");
        }
        double[][] p = angles("predictions", req.predictions());
        double[][] g = angles("groundTruth", req.groundTruth());
        if (p.length != g.length) {
            throw invalid("predictions", "has " + p.length + " steps, groundTruth has " + g.length + " (must be equal)");
        }
        MaeResult r = MaeAccumulator.of(g, p);
        return new EvaluateResponse(r.maeDeg(), r.rollDeg(), r.pitchDeg(), r.yawDeg(), p.length);
    }

    private VpMethod method(String m) {
        if (m == null) {
            return defaultMethod();
        }
        VpMethod method;
        try {
            method = VpMethod.parse(m);
        } catch (IllegalArgumentException e) {
            throw invalid("method", e.getMessage());
        }
        if (!predictors.containsKey(method)) {
            throw new VpRequestException(VpRequestException.Kind.UNAVAILABLE, "method",
                    "'" + method.key() + "' has no model deployed on this server");
        }
        return method;
    }

    private static int bounded(String field, Integer v, int dflt, int min, int max) {
        int x = v == null ? dflt : v;
        if (x < min || x > max) {
            throw invalid(field, "must be in [" + min + ", " + max + "], got " + x);
        }
        return x;
    }

    private List<double[]> validatedHistory(List<HistoryPoint> history) {
        if (history == null || history.isEmpty()) {
            throw invalid("history", "a non-empty array of {t, roll, pitch, yaw} is required");
        }
        if (history.size() > limits.maxHistoryPoints()) {
            throw new VpRequestException(VpRequestException.Kind.TOO_LARGE, "history",
                    "has " + history.size() + " points, at most " + limits.maxHistoryPoints() + " are accepted");
        }
        List<double[]> rows = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            HistoryPoint h = history.get(i);
            String at = "history[" + i + "]";
            if (h == null) {
                throw invalid(at, "must be an object {t, roll, pitch, yaw}");
            }
            double t = finite(at + ".t", h.t());
            double roll = rollOrYaw(at + ".roll", h.roll());
            double pitch = pitch(at + ".pitch", h.pitch());
            double yaw = rollOrYaw(at + ".yaw", h.yaw());
            rows.add(new double[] {t, roll, pitch, yaw});
        }
        return rows;
    }

    private double[][] angles(String field, List<AnglePoint> pts) {
        if (pts == null || pts.isEmpty()) {
            throw invalid(field, "a non-empty array of {roll, pitch, yaw} is required");
        }
        if (pts.size() > limits.maxEvaluationSteps()) {
            throw new VpRequestException(VpRequestException.Kind.TOO_LARGE, field,
                    "has " + pts.size() + " steps, at most " + limits.maxEvaluationSteps() + " are accepted");
        }
        double[][] out = new double[pts.size()][];
        for (int i = 0; i < pts.size(); i++) {
            AnglePoint a = pts.get(i);
            String at = field + "[" + i + "]";
            if (a == null) {
                throw invalid(at, "must be an object {roll, pitch, yaw}");
            }
            out[i] = new double[] {finite(at + ".roll", a.roll()), finite(at + ".pitch", a.pitch()), finite(at + ".yaw", a.yaw())};
        }
        return out;
    }

    private static double finite(String field, Double v) {
        if (v == null) {
            throw invalid(field, "is required");
        }
        if (!Double.isFinite(v)) {
            throw invalid(field, "must be a finite number, got " + v);
        }
        return v;
    }

    private static double pitch(String field, Double v) {
        double x = finite(field, v);
        if (x < -QUARTER_TURN_DEG || x > QUARTER_TURN_DEG) {
            throw invalid(field, "must be within [-90, 90] degrees, got " + x);
        }
        return x;
    }

    /** docs/reference/vp.md §5.1: roll and yaw within [−180, 180]; slightly outside is wrapped by ±360, far outside refused. */
    private static double rollOrYaw(String field, Double v) {
        double x = finite(field, v);
        if (Math.abs(x) > MAX_WRAPPABLE_DEG) {
            throw invalid(field, "must be within [-180, 180] degrees (wrapped once up to ±540), got " + x);
        }
        if (x > HALF_TURN_DEG) {
            return x - 2 * HALF_TURN_DEG;
        }
        if (x < -HALF_TURN_DEG) {
            return x + 2 * HALF_TURN_DEG;
        }
        return x;
    }

    /** Into (−180, 180] (docs/reference/vp.md §5.2 {@code wrapOutputs}). */
    static double wrapHalfOpen(double deg) {
        double r = deg % (2 * HALF_TURN_DEG);
        if (r > HALF_TURN_DEG) {
            r -= 2 * HALF_TURN_DEG;
        } else if (r <= -HALF_TURN_DEG) {
            r += 2 * HALF_TURN_DEG;
        }
        return r;
    }

    private static VpRequestException invalid(String field, String message) {
        return new VpRequestException(VpRequestException.Kind.INVALID, field, message);
    }
}
