package org.netllm.testbed.vp.server;

import org.netllm.testbed.server.spi.RequestException;
import org.netllm.testbed.server.spi.ServerTask;
import org.netllm.testbed.server.spi.TaskContext;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.predict.VpMethod;
import org.netllm.testbed.vp.service.EvaluateRequest;
import org.netllm.testbed.vp.service.PredictRequest;
import org.netllm.testbed.vp.service.VpJson;
import org.netllm.testbed.vp.service.VpPredictionService;
import org.netllm.testbed.vp.service.VpRequestException;
import org.netllm.testbed.vp.service.VpServiceLimits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The VP task on the testbed server (docs/task-spi.md, docs/reference/vp.md §5): {@code POST /api/vp/predict}
 * and {@code POST /api/vp/evaluate}, plus the read-only test traces of {@link VpTraceRoutes}. Validation and the closed-form baselines (microseconds, inputs bounded by
 * {@link VpServiceLimits}) run on the event loop; NetLLM-VP forwards run on the executor the deployment
 * supplies, never on the event loop.
 */
public final class VpTask implements ServerTask {
    public static final String NAME = "vp";

    private final Function<TaskContext, Deployment> deploy;
    private Deployment deployment;

    /** What {@code start} builds: the service and where its model forwards run, and who frees them. */
    public record Deployment(VpPredictionService service, Executor modelExecutor, AutoCloseable owner, Map<String, Object> modelInfo) {
    }

    /** @param deploy builds the service at start (it may open a model on the context's model service) */
    public VpTask(Function<TaskContext, Deployment> deploy) {
        this.deploy = deploy;
    }

    /** The three baselines only (no NetLLM-VP model). */
    public static VpTask baselinesOnly() {
        return new VpTask(ctx -> new Deployment(VpPredictionService.withBaselines(null), ctx.blocking(), () -> { }, Map.of()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(TaskContext ctx) {
        deployment = deploy.apply(ctx);
        VpPredictionService service = deployment.service();
        ctx.routes().postJson("/predict", req -> {
            PredictRequest r = refusals(() -> VpJson.predictRequest(req.requireBody().node()));
            if (usesModel(r.method(), service)) {
                return CompletableFuture.supplyAsync(() -> refusals(() -> service.predict(r)), deployment.modelExecutor());
            }
            return CompletableFuture.completedFuture(refusals(() -> service.predict(r)));
        });
        ctx.routes().postJson("/evaluate", req -> {
            EvaluateRequest r = refusals(() -> VpJson.evaluateRequest(req.requireBody().node()));
            return done(refusals(() -> service.evaluate(r)));
        });
        // read-only test traces for the replay page (/player/vp-replay.html)
        new VpTraceRoutes(VpData.bundled(), ctx.blocking()).mount(ctx.routes());
    }

    private static CompletionStage<?> done(Object o) {
        return CompletableFuture.completedFuture(o);
    }

    /** NetLLM-VP requests go to the model executor; anything else (an unknown method too) is answered inline. */
    private static boolean usesModel(String method, VpPredictionService service) {
        return method == null ? service.defaultMethod() == VpMethod.NETLLM : VpMethod.NETLLM.key().equalsIgnoreCase(method.trim());
    }

    /** The service's refusals become the server's {@code {"error": ...}} replies with their status. */
    static <T> T refusals(Supplier<T> work) {
        try {
            return work.get();
        } catch (VpRequestException e) {
            throw new RequestException(e.kind().httpStatus(), "vp: " + e.getMessage());
        }
    }

    @Override
    public Map<String, Object> catalog() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (deployment == null) {
            return c;
        }
        VpPredictionService s = deployment.service();
        c.put("methods", s.methods().stream().map(VpMethod::key).toList());
        c.put("defaultMethod", s.defaultMethod().key());
        c.put("routes", List.of("POST " + prefix() + "/predict", "POST " + prefix() + "/evaluate", "GET " + prefix() + "/traces",
                "GET " + prefix() + "/traces/{id}"));
        c.put("defaults", Map.of("historyWindow", VpPredictionService.DEFAULT_HISTORY_WINDOW,
                "horizon", VpPredictionService.DEFAULT_HORIZON, "sampleRateHz", 5.0,
                "convention", VpPredictionService.CONVENTION));
        VpServiceLimits l = s.limits();
        c.put("limits", Map.of("maxHistoryPoints", l.maxHistoryPoints(), "historyWindow", List.of(l.minHistoryWindow(), l.maxHistoryWindow()),
                "maxHorizon", l.maxHorizon(), "maxEvaluationSteps", l.maxEvaluationSteps()));
        if (!deployment.modelInfo().isEmpty()) {
            c.put("netllm", deployment.modelInfo());
        }
        return c;
    }

    @Override
    public void close() {
        if (deployment != null) {
            try {
                deployment.owner().close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the VP deployment failed: " + e.getMessage(), e);
            }
        }
    }

}
