package org.netllm.testbed.vp.eval;

import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.metric.MaeAccumulator;
import org.netllm.testbed.vp.metric.MaeResult;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.PredictResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Replays every sample as a 360° client would (one predict request per sample, docs/reference/vp.md
 * §5.3) and scores the answers with docs/reference/vp.md §2's MAE. The endpoint decides whether this goes over HTTP or stays
 * in-process; the scoring is the same code either way, so the two modes agree exactly.
 */
public final class InSituEvaluation {
    private static final double NANOS_PER_MS = 1e6;

    /** Called after each sample, for progress output. */
    public interface Progress {
        void sampleDone(VpMethod method, int done, int total);
    }

    /** All methods' summaries (in the order asked) and every per-sample error. */
    public record Result(Map<String, MethodSummary> summary, List<SampleError> samples) {
    }

    private final PredictEndpoint endpoint;
    private final LongSupplier nanoClock;

    public InSituEvaluation(PredictEndpoint endpoint, LongSupplier nanoClock) {
        this.endpoint = endpoint;
        this.nanoClock = nanoClock;
    }

    public Result run(List<VpMethod> methods, List<VpSample> samples, Progress progress) throws IOException {
        Map<String, MethodSummary> summary = new LinkedHashMap<>();
        List<SampleError> errors = new ArrayList<>();
        for (VpMethod m : methods) {
            MaeAccumulator acc = new MaeAccumulator();
            double[] latencies = new double[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                VpSample s = samples.get(i);
                long start = nanoClock.getAsLong();
                PredictResponse r = endpoint.predict(ReplayRequests.of(s, m));
                latencies[i] = (nanoClock.getAsLong() - start) / NANOS_PER_MS;
                double[][] p = ReplayRequests.angles(r);
                if (p.length != s.future().length) {
                    throw new IOException(endpoint.describe() + " answered " + p.length + " predictions for "
                            + s.trace() + " anchor " + s.anchor() + ", expected " + s.future().length);
                }
                acc.add(s.future(), p);
                MaeResult one = MaeAccumulator.of(s.future(), p);
                errors.add(new SampleError(m.key(), s.trace().video(), s.trace().user(), s.anchor(),
                        one.maeDeg(), one.rollDeg(), one.pitchDeg(), one.yawDeg(), latencies[i]));
                progress.sampleDone(m, i + 1, samples.size());
            }
            MaeResult r = acc.result();
            summary.put(m.key(), new MethodSummary(r.maeDeg(), r.rollDeg(), r.pitchDeg(), r.yawDeg(), r.samples(),
                    LatencySummary.of(latencies)));
        }
        return new Result(summary, errors);
    }
}
