package org.netllm.testbed.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netllm.testbed.abr.algo.AbrAlgorithmFactory;
import org.netllm.testbed.abr.algo.AbrAlgorithms;
import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.ModelService;
import org.netllm.testbed.abr.netllm.pool.ExperiencePool;
import org.netllm.testbed.abr.netllm.pool.ExperiencePoolFile;
import org.netllm.testbed.abr.netllm.pool.PoolCollector;
import org.netllm.testbed.abr.sim.SimConstants;
import org.netllm.testbed.abr.video.VideoSpecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./testbed netllm pool}: NetLLM experience pool from baselines in the simulator (docs/reference/abr.md §7.5). */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Collect a NetLLM experience pool: baselines play the traces in the simulator; "
                + "47 (state, quality, reward, done) transitions per 48-chunk episode.")
final class NetllmPoolCommand implements Callable<Integer> {

    @Option(names = "--policies", required = true, split = ",", description = "Registry names, e.g. bba,robustmpc,genet")
    List<String> policies;

    @Option(names = "--traces", defaultValue = "traces/fcc/train", description = "Cooked trace folder (default ${DEFAULT-VALUE})")
    Path traces;

    @Option(names = "--out", required = true, description = "Pool file to write (safetensors)")
    Path out;

    @Option(names = "--trace-num", defaultValue = "0",
            description = "Use the first N traces after the shuffle; 0 = all (default ${DEFAULT-VALUE})")
    int traceNum;

    @Option(names = "--seed", defaultValue = "" + SimConstants.REFERENCE_ENV_SEED,
            description = "Seed of shuffle, start pointers, noise and sampling (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--video", defaultValue = VideoSpecs.DEFAULT_NAME, description = "Video (default ${DEFAULT-VALUE})")
    String video;

    @Option(names = "--episodes-per-trace", defaultValue = "1", description = "Episodes per (policy, trace) (default ${DEFAULT-VALUE})")
    int episodesPerTrace;

    @Option(names = "--fixed", description = "No shuffle, no noise (NetLLM collects with noise and random start pointers)")
    boolean fixed;

    @Option(names = "--threads", description = "Worker threads (default: available processors)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        ExperiencePool pool = collect(policies, traces, traceNum, seed, video, episodesPerTrace, fixed,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        ExperiencePoolFile.write(out, pool);
        var m = pool.metadata();
        System.out.printf("wrote %s: %d transitions, %d episodes, reward [%.4f, %.4f], max return %.6f, max timestep %d%n",
                out, m.transitions(), m.episodes(), m.minReward(), m.maxReward(), m.maxReturn(), m.maxTimestep());
        return 0;
    }

    static ExperiencePool collect(List<String> policies, Path traces, int traceNum, long seed, String video,
            int episodesPerTrace, boolean fixed, int threads) throws java.io.IOException {
        try (ModelService models = ModelService.forThisMachine()) {
            return collect(StandardAlgorithms.registry(new NetLlmModels(models)), policies, traces, traceNum, seed, video,
                    episodesPerTrace, fixed, threads);
        }
    }

    private static ExperiencePool collect(AbrAlgorithms registry, List<String> policies, Path traces, int traceNum,
            long seed, String video, int episodesPerTrace, boolean fixed, int threads) throws java.io.IOException {
        List<String> names = new ArrayList<>();
        List<AbrAlgorithmFactory> factories = new ArrayList<>();
        for (String p : policies) {
            names.add(p.strip());
            factories.add(registry.factory(p.strip()));
        }
        PoolCollector.Settings s = new PoolCollector.Settings(VideoSpecs.load(video), org.netllm.testbed.traces.TraceSet.open(traces).readCooked(),
                traces.toString(), traceNum, fixed, seed, episodesPerTrace, threads);
        ProgressBar bar = ProgressBar.onConsole("sessions");
        ExperiencePool pool = PoolCollector.collect(names, factories, s, bar);
        bar.finish();
        return pool;
    }
}
