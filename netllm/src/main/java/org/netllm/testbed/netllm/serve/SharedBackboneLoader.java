package org.netllm.testbed.netllm.serve;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.netllm.testbed.netllm.adapt.BackboneLoader;
import org.netllm.testbed.netllm.backbone.Backbone;
import org.netllm.testbed.netllm.backbone.ForwardOptions;
import org.netllm.testbed.netllm.backbone.InferenceView;
import org.netllm.testbed.netllm.backbone.LinearAdapter;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.lora.LoraAdapter;

/**
 * Loads each backbone folder once per process and hands every task its own view: the shared frozen
 * weights plus that task's LoRA adapter and early exit (NetLLM's "one LLM, per-task adapters",
 * docs/reference/abr.md §7.3). The weights are freed when the last view closes.
 *
 * <p>A folder is "the same backbone" by path, or by content: a second folder whose files equal, byte for byte,
 * those of a loaded one (e.g. the embedded model extracted from the jar once per task) shares its weights too.
 *
 * <p>{@link #forThisMachine()} picks the device at run time: a GPU when DJL's loaded libtorch has
 * CUDA (the {@code -Pcuda} build, netllm/README.md), with float16 weights there; else the CPU in
 * float32.
 */
public final class SharedBackboneLoader implements BackboneLoader {

    private final LoadOptions options;
    private final Map<Path, Shared> loaded = new HashMap<>();

    private static final class Shared {
        final LlamaBackbone base;
        int views;

        Shared(LlamaBackbone base) {
            this.base = base;
        }
    }

    public SharedBackboneLoader(LoadOptions options) {
        this.options = options;
    }

    /** GPU + float16 when CUDA natives and a GPU are present, else CPU + float32. */
    public static SharedBackboneLoader forThisMachine() {
        return new SharedBackboneLoader(defaultOptions());
    }

    /** The options {@link #forThisMachine()} uses. */
    public static LoadOptions defaultOptions() {
        Device d = LoadOptions.defaultDevice();
        return new LoadOptions(d, d.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32);
    }

    public LoadOptions options() {
        return options;
    }

    /** Distinct backbones currently loaded (for tests and diagnostics). */
    public synchronized int loadedBackbones() {
        return (int) loaded.values().stream().distinct().count();
    }

    @Override
    public synchronized Backbone load(Path backboneDir, Optional<Path> adapterDir, int whichLayer) throws IOException {
        Path key = backboneDir.toAbsolutePath().normalize();
        Shared s = loaded.get(key);
        if (s == null) {
            s = sameContent(key);
            if (s == null) {
                s = new Shared(LlamaBackbone.load(key, options));
            }
            loaded.put(key, s);
        }
        s.views++;
        try {
            LoraAdapter adapter = adapterDir.isPresent() ? LoraAdapter.load(s.base, adapterDir.get()) : null;
            ForwardOptions opts = ForwardOptions.DEFAULT.withWhichLayer(whichLayer)
                    .withAdapter(adapter == null ? LinearAdapter.NONE : adapter, false);
            return new TaskView(key, s.base, adapter, opts);
        } catch (IOException | RuntimeException e) {
            release(key);
            throw e;
        }
    }

    private synchronized void release(Path key) {
        Shared s = loaded.get(key);
        if (s != null && --s.views == 0) {
            loaded.values().removeIf(v -> v == s);
            s.base.close();
        }
    }

    /** A loaded backbone whose folder holds the same files as {@code dir}, byte for byte, or null. */
    private Shared sameContent(Path dir) throws IOException {
        for (Map.Entry<Path, Shared> e : loaded.entrySet()) {
            if (sameFiles(e.getKey(), dir)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Whether two folders hold the same regular files (names, sizes, bytes; not recursive). Sizes are compared
     * first, so bytes are read only for a likely copy.
     */
    static boolean sameFiles(Path a, Path b) throws IOException {
        Map<String, Long> filesA = regularFiles(a);
        if (filesA.isEmpty() || !filesA.equals(regularFiles(b))) {
            return false;
        }
        for (String name : filesA.keySet()) {
            if (Files.mismatch(a.resolve(name), b.resolve(name)) != -1) {
                return false;
            }
        }
        return true;
    }

    /** File name → size of the regular files directly in {@code dir}. */
    private static Map<String, Long> regularFiles(Path dir) throws IOException {
        Map<String, Long> out = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                if (Files.isRegularFile(f)) {
                    out.put(f.getFileName().toString(), Files.size(f));
                }
            }
        }
        return out;
    }

    /** One task's view of a shared backbone: its adapter and early exit, inference only. */
    private final class TaskView extends InferenceView {
        private final Path key;
        private boolean closed;

        TaskView(Path key, LlamaBackbone base, LoraAdapter adapter, ForwardOptions opts) {
            super(base, adapter, opts);
            this.key = key;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeAdapter();
            release(key);
        }
    }
}
