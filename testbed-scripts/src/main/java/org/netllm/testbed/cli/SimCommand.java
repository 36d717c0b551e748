package org.netllm.testbed.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.abr.qoe.QoeParams;
import org.netllm.testbed.abr.sim.AlgorithmResult;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.sim.SimReport;
import org.netllm.testbed.abr.sim.SimulationRunner;
import org.netllm.testbed.abr.sim.SimulationSettings;
import org.netllm.testbed.abr.sim.TracePlan;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./testbed sim}: ABR algorithms through NetLLM's chunk-level simulator (docs/reference/abr.md §3, §4). */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run ABR algorithms through the chunk-level simulator and report per-chunk mean QoE "
                + "(first chunk of each trace excluded, docs/reference/abr.md §4.2).")
public final class SimCommand implements Callable<Integer> {

    @Option(names = "--algorithms", required = true, split = ",",
            description = "Comma-separated registry names, e.g. bba,robustmpc,genet")
    List<String> algorithms;

    @Option(names = "--traces", defaultValue = "traces/fcc/test", description = "Cooked trace folder (default: ${DEFAULT-VALUE})")
    Path traces;

    @Option(names = "--start-pointers", description = "Start-pointer JSON; default: <traces>_mahimahi_ptrs.json if present, else random")
    Path startPointers;

    @Option(names = "--video", defaultValue = VideoSpecs.DEFAULT_NAME,
            description = "envivio (default), video2, genet-fig-reproduce, or a JSON file / video_size_* folder")
    String video;

    @Option(names = "--fixed", negatable = true,
            description = "No shuffle and no delay noise. Default: NetLLM's rule, fixed iff all traces are used")
    Boolean fixed;

    @Option(names = "--out", description = "Write the results JSON here")
    Path out;

    @Option(names = "--seed", defaultValue = "" + SimConstants.REFERENCE_ENV_SEED, description = "Base seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lambda", defaultValue = "" + QoeParams.NETLLM_REBUF_PENALTY, description = "Rebuffer penalty per second (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--trace-num", defaultValue = "0", description = "Use only the first N traces (after the shuffle when not fixed); 0 = all")
    int traceNum;

    @Option(names = "--total-chunks", defaultValue = "" + SimConstants.TOTAL_VIDEO_CHUNKS, description = "Chunks per session (default: ${DEFAULT-VALUE})")
    int totalChunks;

    @Option(names = "--argmax", description = "Learned actors take the argmax instead of sampling (the reference samples)")
    boolean argmax;

    @Option(names = "--threads", description = "Worker threads (default: available processors)")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (traceNum < 0) {
            throw new IllegalArgumentException("--trace-num must be >= 0, got " + traceNum);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers <= 0) {
            throw new IllegalArgumentException("--threads must be > 0, got " + workers);
        }
        // this command owns the model service its NetLLM algorithms (if any) open, and closes it when done
        try (ModelService models = ModelService.forThisMachine()) {
            return run(StandardAlgorithms.registry(new NetLlmModels(models)), workers);
        }
    }

    private int run(AbrAlgorithms registry, int workers) throws IOException {
        List<AbrAlgorithmFactory> factories = new ArrayList<>();
        for (String name : algorithms) {
            factories.add(registry.factory(name.strip()));
        }
        List<String> names = algorithms.stream().map(String::strip).toList();
        VideoSpec spec = VideoSpecs.load(video);
        SimInputs inputs = SimInputs.load(traces, startPointers, false);
        boolean allTraces = traceNum == 0 || traceNum >= inputs.traces.size();
        boolean isFixed = fixed != null ? fixed : allTraces; // docs/reference/abr.md §3.1 step 6
        SimulationSettings settings = new SimulationSettings(spec, new QoeParams(lambda, QoeParams.DEFAULT_SMOOTH_PENALTY),
                isFixed, totalChunks, seed, !argmax, workers);
        TracePlan plan = inputs.plan(isFixed, traceNum, seed);

        ProgressBar bar = ProgressBar.onConsole("sessions");
        List<AlgorithmResult> results = new SimulationRunner(settings).run(names, factories, plan, bar);
        bar.finish();

        System.out.print(SimReport.table(results));
        if (out != null) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("algorithms", names);
            config.put("traces", traces.toString());
            config.put("trace_count", plan.size());
            config.put("start_pointers", inputs.pointerFile == null ? "random" : inputs.pointerFile.toString());
            config.put("video_arg", video);
            config.put("trace_num", traceNum);
            config.putAll(SimReport.config(settings));
            SimReport.write(out, config, results);
            System.out.println("wrote " + out);
        }
        return 0;
    }

    @Override
    public String toString() {
        return "sim " + Arrays.asList(algorithms);
    }
}
