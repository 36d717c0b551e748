package org.netllm.testbed.serving;

import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.serve.ForwardEngine;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.vp.netllm.NetLlmVpModel;
import org.netllm.testbed.vp.netllm.NetLlmVpModels;
import org.netllm.testbed.vp.server.VpTask;
import org.netllm.testbed.vp.service.VpPredictionService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How this process serves viewport prediction (viewport-predictor/README.md): the VP task with LR, Velocity,
 * repeat-last and the embedded NetLLM-VP adapter, opened on the process's model service — the same backbone
 * folder as the embedded ABR model, so the shared loader holds its weights once. NetLLM-VP forwards run on
 * the task's own small executor, never on an event loop.
 */
public final class VpDeployment {
    /** Warm-up predictions before serving (JIT and libtorch allocator; the first calls are several times slower). */
    static final int WARMUP_PREDICTIONS = 30;
    static final int MODEL_THREADS = 2;
    private static final int WARMUP_HW = 10;
    private static final int WARMUP_PW = 20;

    private VpDeployment() {
    }

    /** The embedded ABR model's backbone folder (the one backbone both adapters run on). */
    public static Path sharedBackbone() throws IOException {
        return NetLlmModels.defaultFolder().resolve("backbone");
    }

    /** Opens the embedded NetLLM-VP adapter on {@code loader}, generating with {@code engine}, warmed up. */
    public static NetLlmVpModel openEmbedded(BackboneLoader loader, ForwardEngine engine) throws IOException {
        NetLlmVpModel m = NetLlmVpModel.open(NetLlmVpModels.embeddedFolder(), sharedBackbone(), loader, engine);
        double[][] h = new double[WARMUP_HW][3];
        for (int i = 0; i < WARMUP_PREDICTIONS; i++) {
            for (int r = 0; r < WARMUP_HW; r++) {
                h[r] = new double[] {i, r - 5.0, 10.0 * r - 90};
            }
            m.predict(h, WARMUP_PW);
        }
        return m;
    }

    static VpTask task() {
        return new VpTask(ctx -> {
            if (ctx.models().isEmpty() || !NetLlmVpModels.embeddedPresent()) {
                return new VpTask.Deployment(VpPredictionService.withBaselines(null), ctx.blocking(), () -> { }, Map.of());
            }
            ModelService models = ctx.models().get();
            NetLlmVpModel model;
            try {
                model = models.own(openEmbedded(models.loader(), models.engine()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the embedded NetLLM-VP adapter: " + e.getMessage(), e);
            }
            ExecutorService exec = Executors.newFixedThreadPool(MODEL_THREADS, r -> {
                Thread t = new Thread(r, "vp-netllm");
                t.setDaemon(true);
                return t;
            });
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("model", "netllm-vp-default");
            info.put("hw", model.checkpoint().hw());
            info.put("pw", model.checkpoint().pw());
            info.put("backbone", model.checkpoint().backbone());
            info.put("engine", model.engine().name());
            return new VpTask.Deployment(VpPredictionService.withBaselines(model), exec, exec::shutdownNow, info);
        });
    }
}
