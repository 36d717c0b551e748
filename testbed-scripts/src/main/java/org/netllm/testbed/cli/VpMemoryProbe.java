package org.netllm.testbed.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.ForwardEngine;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import org.netllm.testbed.serving.VpDeployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * One scenario of {@code ./testbed vp bench --memory}, run in its own JVM so that neither scenario inherits the
 * other's allocations: opens the embedded ABR and NetLLM-VP models either on one model service (one backbone, two
 * adapters) or on two separate services (two backbone copies), and prints one line {@code MEMORY scenario backbones
 * rss_before_kib rss_after_kib heap_before_b heap_after_b}. libtorch is started before the first snapshot so its own
 * footprint is in neither delta.
 */
public final class VpMemoryProbe {
    static final String SHARED = "shared";
    static final String SEPARATE = "separate";
    static final String LINE_PREFIX = "MEMORY";

    private VpMemoryProbe() {
    }

    /** Resident and heap use at one moment, after a full GC. */
    record Snapshot(long rssKib, long heapBytes) {
        static Snapshot now() throws IOException {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long heap = rt.totalMemory() - rt.freeMemory();
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return new Snapshot(Long.parseLong(line.replaceAll("[^0-9]", "")), heap);
                }
            }
            throw new IOException("/proc/self/status has no VmRSS line (not Linux?)");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !(args[0].equals(SHARED) || args[0].equals(SEPARATE))) {
            throw new IllegalArgumentException("usage: VpMemoryProbe " + SHARED + "|" + SEPARATE);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(1)).toFloatArray(); // start libtorch
        }
        Snapshot before = Snapshot.now();
        Deque<AutoCloseable> open = new ArrayDeque<>();
        int backbones = 0;
        try {
            ModelService abrService = service();
            open.push(abrService);
            open.push(new NetLlmModels(abrService).open(NetLlmModels.defaultFolder()));
            ModelService vpService = abrService;
            if (args[0].equals(SEPARATE)) {
                vpService = service();
                open.push(vpService);
            }
            open.push(VpDeployment.openEmbedded(vpService.loader(), vpService.engine()));
            backbones = abrService.loadedBackbones() + (vpService == abrService ? 0 : vpService.loadedBackbones());
            Snapshot after = Snapshot.now();
            System.out.printf(Locale.ROOT, "%s %s %d %d %d %d %d%n", LINE_PREFIX, args[0], backbones, before.rssKib(),
                    after.rssKib(), before.heapBytes(), after.heapBytes());
        } finally {
            for (AutoCloseable c; (c = open.poll()) != null; ) {
                c.close();
            }
        }
    }

    /** A model service as the server builds one (CPU, float32, the serving engine), without warm-up decisions. */
    private static ModelService service() {
        return new ModelService(() -> new SharedBackboneLoader(LoadOptions.defaults()), BatchingOptions.defaults(), 0,
                ForwardEngine.PLAIN_JAVA_WHEN_SMALL);
    }
}
