package org.netllm.testbed.abr.netllm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.netllm.testbed.abr.algo.AbrAlgorithm;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrContext;
import org.netllm.testbed.netllm.adapt.DtCheckpointConfig;
import org.netllm.testbed.netllm.checkpoint.EmbeddedCheckpoint;
import org.netllm.testbed.netllm.serve.ModelService;

/**
 * The NetLLM ABR models of one process, opened on its {@link ModelService} (shared backbone, the ABR adapter and
 * head, micro-batched forwards, warm-up): the embedded default model (a small, randomly initialised Llama adapted
 * with this project's DD-LRNA; see its MODEL_CARD.md) under "netllm", and {@code netllm-dt/1} checkpoint folders
 * under "netllm:PATH". A model loads once per instance, lazily, on the first session that asks for it, and is
 * shared read-only by every session; each session gets its own {@link NetLlmAbrPolicy} (deques, target return,
 * RNG). The model service owns the opened models and frees them when it closes. Loading errors name the file.
 *
 * <p>Which folders exist is decided by whoever builds the registry from flags (StandardAlgorithms); a server
 * never resolves a folder named in a request.
 */
public final class NetLlmModels {

    /** Registry prefix for user checkpoints: {@code netllm:/path/to/model}. */
    public static final String PATH_PREFIX = NetLlmAbrPolicy.NAME + ":";
    /** Classpath folder of the embedded default model. */
    public static final String DEFAULT_RESOURCE = "/org/netllm/testbed/abr/models/netllm-default/";
    /** Files of the embedded model, relative to {@link #DEFAULT_RESOURCE}. */
    static final List<String> DEFAULT_FILES = List.of(DtCheckpointConfig.CONFIG_FILE, DtCheckpointConfig.MODULES_FILE,
            "adapter/adapter_config.json", "adapter/adapter_model.safetensors", "backbone/config.json",
            "backbone/model.safetensors");
    /** G = max_return × this (NetLLM's --target-return-scale default, docs/reference/abr.md §7.6). */
    public static final double TARGET_RETURN_SCALE = 1.0;

    private final ModelService service;
    private final LazyModel embedded;
    private final ConcurrentMap<Path, LazyModel> byPath = new ConcurrentHashMap<>();

    public NetLlmModels(ModelService service) {
        this.service = service;
        this.embedded = new LazyModel("embedded default model", NetLlmModels::defaultFolder);
    }

    public ModelService service() {
        return service;
    }

    /** The embedded default model (loaded on first use). */
    public AbrAlgorithmFactory embedded() {
        return embedded;
    }

    /**
     * A checkpoint folder (or a training run folder holding {@code best/}); loaded on first use, once per
     * normalised absolute path.
     */
    public AbrAlgorithmFactory fromFolder(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        return byPath.computeIfAbsent(abs, p -> new LazyModel("model " + p, () -> resolveCheckpoint(p)));
    }

    /**
     * Opens a checkpoint on the service's shared backbone with the batched forward, then warms it up; the caller
     * owns the model (the lazily loaded registry models are handed to the service instead).
     */
    public NetLlmAbrModel open(Path dir) throws IOException {
        NetLlmAbrModel model = NetLlmAbrModel.open(dir, service.loader(), Optional.empty(),
                Optional.of(service.batcher()));
        try {
            model.warmUp(service.warmupDecisions());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** {@code dir} itself when it has config.json, else {@code dir/best} (a `netllm train` run folder). */
    static Path resolveCheckpoint(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(DtCheckpointConfig.CONFIG_FILE))) {
            return dir;
        }
        Path best = dir.resolve("best");
        if (Files.isRegularFile(best.resolve(DtCheckpointConfig.CONFIG_FILE))) {
            return best;
        }
        throw new IOException(dir + ": not a NetLLM checkpoint (no " + DtCheckpointConfig.CONFIG_FILE + ", and no best/"
                + DtCheckpointConfig.CONFIG_FILE + ")");
    }

    /** The embedded model as a folder: the resource folder itself, or a temp copy when running from a jar. */
    public static Path defaultFolder() throws IOException {
        // inside a jar the backbone and modules are memory-mapped files, so EmbeddedCheckpoint copies the folder out
        return EmbeddedCheckpoint.folder(NetLlmModels.class, DEFAULT_RESOURCE, DEFAULT_FILES, "NetLLM model");
    }

    /** Where a model's folder comes from (may do I/O). */
    @FunctionalInterface
    private interface FolderSource {
        Path folder() throws IOException;
    }

    /** Loads the model on the first {@link #create}; later sessions share it. */
    private final class LazyModel implements AbrAlgorithmFactory {
        private final String label;
        private final FolderSource source;
        private volatile AbrAlgorithmFactory policies;

        LazyModel(String label, FolderSource source) {
            this.label = label;
            this.source = source;
        }

        @Override
        public AbrAlgorithm create(AbrContext context) {
            return factory().create(context);
        }

        private AbrAlgorithmFactory factory() {
            AbrAlgorithmFactory f = policies;
            if (f == null) {
                synchronized (this) {
                    f = policies;
                    if (f == null) {
                        try {
                            NetLlmAbrModel model = service.own(open(source.folder()));
                            f = NetLlmAbrPolicy.factory(model, TARGET_RETURN_SCALE, service.decisionExecutor());
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot load NetLLM " + label + ": " + e.getMessage(), e);
                        }
                        policies = f;
                    }
                }
            }
            return f;
        }
    }
}
