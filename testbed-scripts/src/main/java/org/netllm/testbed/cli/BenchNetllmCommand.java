package org.netllm.testbed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.netllm.NetLlmAbrModel;
import org.netllm.testbed.abr.netllm.RandomAbrCheckpoint;
import org.netllm.testbed.abr.netllm.bench.ServingBench;
import org.netllm.testbed.netllm.backbone.LlamaBackbone;
import org.netllm.testbed.netllm.backbone.LoadOptions;
import org.netllm.testbed.netllm.lora.LoraAdapter;
import org.netllm.testbed.netllm.lora.LoraBackbone;
import org.netllm.testbed.netllm.lora.LoraConfig;
import org.netllm.testbed.netllm.serve.BatchingDecisionExecutor;
import org.netllm.testbed.netllm.serve.BatchingOptions;
import org.netllm.testbed.netllm.serve.LlamaShapes;
import org.netllm.testbed.netllm.serve.SharedBackboneLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./testbed bench netllm}: NetLLM decision latency (p50/p99) and decisions/s with 1, 8, 64
 * concurrent sessions sharing one backbone (docs/reference/abr.md §9.20), on the batched path (the
 * micro-batching executor, with each level's batch-size histogram) and/or the direct path (every
 * session runs its own forward on its own thread).
 */
@Command(name = "netllm", mixinStandardHelpOptions = true,
        description = "NetLLM serving bench: decision latency p50/p99 and decisions/s at N concurrent sessions.")
public final class BenchNetllmCommand implements Callable<Integer> {

    /** Classpath folder of the embedded default model (training helper's NetLlmModels.DEFAULT_RESOURCE). */
    static final String RANDOM = "random";
    static final String DEFAULT = "default";
    static final String SHAPE_TINY = "tiny";
    static final String SHAPE_7B = "7b";
    /** NetLLM's state feature width F for Llama2-7B (docs/reference/abr.md §7.2). */
    static final int PAPER_FEATURE_DIM = 256;
    /** LoRA rank for the 7B bench view (NetLLM's --rank default for ABR). */
    static final int PAPER_LORA_RANK = 128;
    static final long SEED = 1;
    static final String PATH_DIRECT = "direct";
    static final String PATH_BATCHED = "batched";

    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", split = ",", defaultValue = "1,8,64",
            description = "Concurrency levels (default: ${DEFAULT-VALUE})")
    List<Integer> sessions;

    @Option(names = "--model", defaultValue = RANDOM,
            description = "'random' (untrained checkpoint of the embedded model's shape, written to a temp folder), "
                    + "'default' (the embedded model) or a checkpoint folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--decisions", defaultValue = "200", description = "Timed decisions per session (default: ${DEFAULT-VALUE})")
    int decisions;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed decisions per session (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--max-wait-ms", defaultValue = "1", description = "Batcher's bounded wait in ms, 0 = none (default: ${DEFAULT-VALUE})")
    double maxWaitMs;

    @Option(names = "--max-batch", defaultValue = "64", description = "Most decisions per forward (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--paths", split = ",", defaultValue = PATH_BATCHED,
            description = "Serving paths to measure: 'batched' (shared micro-batching executor, as the server runs), "
                    + "'direct' (each session's forward on its own thread, no executor) (default: ${DEFAULT-VALUE})")
    List<String> paths;

    @Option(names = "--no-idle-bypass",
            description = "Batched path: hand even a lone request to the batching worker (default: run it on the caller's thread)")
    boolean noIdleBypass;

    @Option(names = "--backbone-shape", defaultValue = SHAPE_TINY,
            description = "'tiny' (the --model's backbone) or '7b' (random Llama2-7B-shaped backbone built in memory; GPU only "
                    + "unless --force) (default: ${DEFAULT-VALUE})")
    String backboneShape;

    @Option(names = "--force", description = "Run --backbone-shape 7b on the CPU anyway (needs ~28 GB RAM, seconds per decision)")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (decisions < 1 || warmup < 0 || maxWaitMs < 0 || sessions.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--decisions and --sessions must be >= 1, --warmup and --max-wait-ms >= 0");
        }
        for (String p : paths) {
            if (!p.equals(PATH_DIRECT) && !p.equals(PATH_BATCHED)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--paths: unknown path '" + p + "' (use '"
                        + PATH_DIRECT + "' and/or '" + PATH_BATCHED + "')");
            }
        }
        BatchingOptions opts = BatchingOptions.defaults().withMaxBatch(maxBatch)
                .withMaxWait(Duration.ofNanos(Math.round(maxWaitMs * 1e6))).withIdleBypass(!noIdleBypass);
        LoadOptions load = SharedBackboneLoader.defaultOptions();
        Path tmp = Files.createTempDirectory("netllm-bench-");
        try (BatchingDecisionExecutor batcher = new BatchingDecisionExecutor(opts)) {
            switch (backboneShape) {
                case SHAPE_TINY -> {
                    Path ckpt = resolveModel(tmp);
                    SharedBackboneLoader loader = new SharedBackboneLoader(load);
                    header("model " + model + " (" + ckpt + ")", load, opts);
                    for (String path : paths) {
                        try (NetLlmAbrModel m = NetLlmAbrModel.open(ckpt, loader, Optional.empty(), executorFor(path, batcher))) {
                            measure(path, m, batcher);
                        }
                    }
                }
                case SHAPE_7B -> run7b(tmp, load, batcher, opts);
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--backbone-shape must be '" + SHAPE_TINY + "' or '" + SHAPE_7B + "', got '" + backboneShape + "'");
            }
        }
        return 0;
    }

    private void run7b(Path tmp, LoadOptions load, BatchingDecisionExecutor batcher, BatchingOptions opts) throws Exception {
        if (!load.device().isGpu() && !force) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--backbone-shape 7b needs a GPU: DJL found "
                    + "no CUDA device (build with -Pcuda on a GPU machine, see netllm/README.md); a 7B model on the CPU "
                    + "takes ~28 GB and seconds per decision. Add --force to run it on the CPU anyway.");
        }
        RandomAbrCheckpoint.Spec taskSpec = new RandomAbrCheckpoint.Spec(null, PAPER_FEATURE_DIM, PAPER_LORA_RANK,
                RandomAbrCheckpoint.NETLLM_WINDOW, SEED);
        var shape = LlamaShapes.llama2_7b();
        try (LlamaBackbone base = LlamaBackbone.randomInMemory(shape, load, SEED)) {
            Path task = RandomAbrCheckpoint.writeTaskFiles(tmp.resolve("task-7b"), tmp.resolve("in-memory-backbone"),
                    shape.hiddenSize(), false, taskSpec);
            header("random Llama2-7B shape in memory (32 layers, E 4096) + LoRA r" + PAPER_LORA_RANK, load, opts);
            for (String path : paths) {
                // the loader hands out a view; NetLlmAbrModel.close() closes it (the adapter), so one per path
                LoraAdapter lora = LoraAdapter.create(base, LoraConfig.netllm(PAPER_LORA_RANK), SEED);
                try (NetLlmAbrModel m = NetLlmAbrModel.open(task, (d, a, k) -> new LoraBackbone(base, lora),
                        Optional.empty(), executorFor(path, batcher))) {
                    measure(path, m, batcher);
                }
            }
        }
    }

    private Path resolveModel(Path tmp) throws Exception {
        if (model.equals(RANDOM)) {
            return RandomAbrCheckpoint.write(tmp.resolve("random"), RandomAbrCheckpoint.Spec.embeddedShape());
        }
        if (model.equals(DEFAULT)) {
            // the embedded model lives in the abr-controller jar; NetLlmModels extracts it to a folder
            return org.netllm.testbed.abr.netllm.NetLlmModels.defaultFolder();
        }
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model + ": no such folder");
        }
        return dir;
    }

    private static Optional<BatchingDecisionExecutor> executorFor(String path, BatchingDecisionExecutor batcher) {
        return path.equals(PATH_BATCHED) ? Optional.of(batcher) : Optional.empty();
    }

    private void header(String what, LoadOptions load, BatchingOptions opts) {
        System.out.printf("netllm serving bench: %s%ndevice %s %s, torch threads %s, batched path: max batch %d, max wait "
                        + "%.3f ms, idle bypass %s; %d warm-up + %d timed decisions per session, java %s, %d cpus%n", what,
                load.device(), load.dtype(), System.getProperty("ai.djl.pytorch.num_threads", "default"), opts.maxBatch(),
                opts.maxWait().toNanos() / 1e6, opts.idleBypass() ? "on" : "off", warmup, decisions,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("cpu_*: CPU time of the session's thread per decision (on the batched path without the "
                + "worker's share of batched forwards)");
        System.out.printf("%-8s %8s %9s %9s %9s %9s %12s %11s %11s  %s%n", "path", "sessions", "decisions", "p50_ms",
                "p99_ms", "max_ms", "decisions/s", "cpu_p50_ms", "cpu_p99_ms", "forwards by batch size");
    }

    private void measure(String path, NetLlmAbrModel m, BatchingDecisionExecutor batcher) throws Exception {
        ServingBench bench = new ServingBench(m, path.equals(PATH_BATCHED) ? Optional.of(batcher.stats()) : Optional.empty());
        for (int n : sessions) {
            ServingBench.Result r = bench.run(n, decisions, warmup);
            String forwards = path.equals(PATH_BATCHED)
                    ? histogram(r.batchHistogram()) + (r.bypassed() > 0 ? " (" + r.bypassed() + " bypassed)" : "") : "-";
            System.out.printf("%-8s %8d %9d %9.3f %9.3f %9.3f %12.1f %11.3f %11.3f  %s%n", path, r.sessions(), r.decisions(),
                    r.p50Ms(), r.p99Ms(), r.maxMs(), r.decisionsPerS(), r.cpuP50Ms(), r.cpuP99Ms(), forwards);
        }
    }

    private static String histogram(long[] h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < h.length; i++) {
            if (h[i] > 0) {
                sb.append(sb.length() == 0 ? "" : " ").append(i).append('x').append(h[i]);
            }
        }
        return sb.toString();
    }
}
