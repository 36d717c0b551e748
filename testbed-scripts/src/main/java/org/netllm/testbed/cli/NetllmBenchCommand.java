package org.netllm.testbed.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.backbone.TinyLlama;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints backbone forward latency (median / p90 / mean) for a random model of the given size. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Forward-latency benchmark of the backbone (random TinyLlama or --backbone DIR).")
final class NetllmBenchCommand implements Callable<Integer> {

    @Option(names = "--backbone", description = "Model folder; default: a random model written to a temp folder.")
    Path backbone;

    @Option(names = "--hidden", defaultValue = "64") int hidden;
    @Option(names = "--layers", defaultValue = "2") int layers;
    @Option(names = "--heads", defaultValue = "4") int heads;
    @Option(names = "--kv-heads", defaultValue = "2") int kvHeads;
    @Option(names = "--intermediate", defaultValue = "128") int intermediate;
    @Option(names = "--batch", defaultValue = "1") int batch;
    @Option(names = "--seq", defaultValue = "80", description = "Tokens per sequence (NetLLM ABR: w=10 steps x 8 tokens).")
    int seq;
    @Option(names = "--warmup", defaultValue = "30") int warmup;
    @Option(names = "--iterations", defaultValue = "300") int iterations;
    @Option(names = "--cpu", description = "Force CPU even when a GPU is visible.") boolean cpu;

    @Override
    public Integer call() throws Exception {
        Path dir = backbone;
        Path tmp = null;
        if (dir == null) {
            tmp = Files.createTempDirectory("tinyllama-bench");
            dir = tmp;
            TinyLlama.write(dir, TinyLlama.Spec.defaults().withSizes(hidden, layers, heads, kvHeads, intermediate));
        }
        LoadOptions opts = cpu ? new LoadOptions(ai.djl.Device.cpu(), DataType.FLOAT32) : LoadOptions.defaults();
        try (LlamaBackbone bb = LlamaBackbone.load(dir, opts); NDManager m = NDManager.newBaseManager(bb.device())) {
            NDArray x = m.randomNormal(new Shape(batch, seq, bb.hiddenSize()));
            long[] ns = new long[iterations];
            for (int i = 0; i < warmup + iterations; i++) {
                long t0 = System.nanoTime();
                try (NDManager it = m.newSubManager()) {
                    NDArray y = bb.forward(x);
                    y.attach(it);
                    y.toFloatArray(); // forces completion (and the device→host copy a caller would do)
                }
                if (i >= warmup) {
                    ns[i - warmup] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(ns);
            double mean = Arrays.stream(ns).average().orElse(0) / 1e6;
            System.out.printf("backbone forward on %s %s: model hidden=%d layers=%d heads=%d/%d inter=%d, input (%d, %d, %d)%n",
                    bb.device(), bb.dtype(), bb.hiddenSize(), bb.numLayers(), bb.config().numAttentionHeads(),
                    bb.config().numKeyValueHeads(), bb.config().intermediateSize(), batch, seq, bb.hiddenSize());
            System.out.printf("  %d iterations after %d warm-up: median %.3f ms, p90 %.3f ms, mean %.3f ms%n",
                    iterations, warmup, ns[iterations / 2] / 1e6, ns[(int) (iterations * 0.9)] / 1e6, mean);
        } finally {
            if (tmp != null) {
                try (var files = Files.walk(tmp)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }
}
