package org.netllm.testbed.cli;

import org.netllm.testbed.abr.algo.StandardAlgorithms;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.report.ReportWriter;
import org.netllm.testbed.report.ResultLoader;
import org.netllm.testbed.content.SizeTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./testbed demo}: the small real-browser experiment end to end — video, a few traces from
 * each real trace set × the baselines (and NetLLM when registered), builtin link, then the report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Small end-to-end run: generate the video if needed, 2 fcc-real + 2 norway-real traces × bba,robustmpc,genet"
                + "(,netllm), builtin link, parallel 4 (the experiment default), then the report.")
public final class DemoCommand implements Callable<Integer> {

    static final String SOURCE_VIDEO = "envivio";
    static final List<String> BASELINES = List.of("bba", "robustmpc", "genet");
    static final String NETLLM = "netllm";
    static final List<String> TRACE_SETS = List.of("traces/fcc-real", "traces/norway-real");

    @Option(names = "--out", defaultValue = "results/demo", description = "results folder (default ${DEFAULT-VALUE}, relative to the repo root)")
    Path out;

    @Option(names = "--traces-per-set", defaultValue = "2", description = "traces sampled from each set (default ${DEFAULT-VALUE})")
    int perSet;

    @Option(names = "--chunks", defaultValue = "" + DEMO_CHUNKS,
            description = "play only the first N chunks of the video (default ${DEFAULT-VALUE}; 49 = the whole video)")
    int chunks;

    @Option(names = "--parallel", defaultValue = ExperimentCommand.DEFAULT_PARALLEL, description = "sessions at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--seed", defaultValue = "1", description = "trace sampling seed (default ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    ServerOptions serverOptions;

    /**
     * 12 sessions of the full 196 s video at 2 in parallel take ~25 min on a 2-core machine; 20 chunks
     * (80 s of video) keep the demo under 15 min.
     */
    static final int DEMO_CHUNKS = 20;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        // refuse bad --grid/--public-host before minutes of video generation (run() checks again, cheaply)
        serverOptions.checkGridFlags(false);
        Path root = RepoRoot.get();
        VideoSpec table = SizeTables.load(SOURCE_VIDEO);
        if (chunks < 2 || chunks > table.chunks()) {
            throw new IllegalArgumentException("--chunks must be in 2.." + table.chunks() + ", got " + chunks);
        }
        String video = chunks == table.chunks() ? SOURCE_VIDEO : SOURCE_VIDEO + "-" + chunks;
        if (chunks < table.chunks()) {
            System.out.printf(Locale.ROOT, "demo: shortened video '%s' = first %d of %d chunks (%.0f s) to stay under 15 min; "
                    + "use --chunks %d for the whole video%n", video, chunks, table.chunks(), chunks * table.chunkDurationS(), table.chunks());
        }
        ContentSetup.ensure(root.resolve(serverOptions.content), video, chunks);

        List<String> algorithms = new ArrayList<>(BASELINES);
        algorithms.add(NETLLM); // the server always registers the embedded model (StandardAlgorithms.forServer)
        ExperimentConfig config = new ExperimentConfig(algorithms, TRACE_SETS, perSet, seed, 1, video,
                ExperimentConfig.DEFAULT_LAMBDA, ExperimentConfig.Emulator.BUILTIN, ExperimentConfig.DEFAULT_MAX_ATTEMPTS);
        Path outDir = out.isAbsolute() ? out : root.resolve(out);
        int rc = ExperimentCommand.run(config, outDir, parallel, serverOptions);
        ReportWriter.Written w = new ReportWriter().write(new ResultLoader(new com.fasterxml.jackson.databind.ObjectMapper()).load(outDir), outDir, null);
        System.out.print(java.nio.file.Files.readString(w.markdown()));
        System.out.printf(Locale.ROOT, "demo finished in %.1f min; report: %s%n", (System.nanoTime() - t0) / 60e9, w.html());
        return rc;
    }
}
