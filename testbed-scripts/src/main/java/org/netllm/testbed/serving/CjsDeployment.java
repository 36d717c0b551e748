package org.netllm.testbed.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.netllm.NetLlmCjsModel;
import org.netllm.testbed.cjs.netllm.NetLlmCjsModels;
import org.netllm.testbed.cjs.server.CjsTask;
import org.netllm.testbed.cjs.service.CjsService;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.serve.ModelService;

/**
 * How this process serves cluster job scheduling (job-scheduler/README.md): FIFO, Fair, Decima and NetLLM-CJS, the
 * latter opened once on the process's model service — on the same backbone folder as the embedded ABR model, so the
 * shared loader holds its weights once. The model folder is a start-up choice (default: the embedded adapter).
 */
public final class CjsDeployment {

    private CjsDeployment() {
    }

    /** Opens a NetLLM-CJS checkpoint ({@code dir}, or the embedded adapter when empty) on the shared backbone. */
    public static NetLlmCjsModel open(Optional<Path> dir, BackboneLoader loader) throws IOException {
        Path folder = dir.isPresent() ? NetLlmCjsModels.resolveCheckpoint(dir.get()) : NetLlmCjsModels.embeddedFolder();
        return NetLlmCjsModel.open(folder, VpDeployment.sharedBackbone(), loader);
    }

    /**
     * The CJS task: with a model service, the NetLLM-CJS model is opened on it (owned by it, so closing the service
     * frees it) the first time a {@code netllm} decision needs it; without one, NetLLM-CJS is not served.
     */
    public static CjsTask task(Optional<Path> modelDir) {
        return new CjsTask(ctx -> {
            if (ctx.models().isEmpty() || (modelDir.isEmpty() && !NetLlmCjsModels.embeddedPresent())) {
                return new CjsService(new SchedulerFactory());
            }
            ModelService models = ctx.models().get();
            return new CjsService(new SchedulerFactory(() -> {
                try {
                    return models.own(open(modelDir, models.loader()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the NetLLM-CJS model: " + e.getMessage(), e);
                }
            }));
        });
    }
}
