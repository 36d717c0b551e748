package org.netllm.testbed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.netllm.ExperiencePool;
import org.netllm.testbed.cjs.sim.SimConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./testbed cjs pool}: NetLLM-CJS's experience pool from the Java Decima (docs/reference/cjs.md §5.5): complete
 * episodes of the sampling policy on the default setting, episode i with env seed S + i.
 */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Collect a NetLLM-CJS experience pool: complete Decima (sampling) episodes, written as "
                + ExperiencePool.FORMAT + ".")
final class CjsPoolCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;
    @Option(names = "--seed", defaultValue = "1", description = "env seed of the first episode (default ${DEFAULT-VALUE}, as NetLLM)") long seed;
    @Option(names = "--episodes", defaultValue = "1", description = "complete episodes (default ${DEFAULT-VALUE}: NetLLM's --pool-size 1000 --complete-episode gives one)") int episodes;
    @Option(names = "--jobs", defaultValue = "200") int jobs;
    @Option(names = "--executors", defaultValue = "50") int executors;

    @Override
    public Integer call() throws Exception {
        if (seed < 0) {
            throw new IllegalArgumentException("--seed must be >= 0, got " + seed);
        }
        ExperiencePool pool = collect(SimConfig.of(executors, jobs), seed, episodes);
        Path file = RepoRoot.userPath(out);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        pool.write(file);
        System.out.printf(Locale.ROOT, "wrote %d transitions (%d episodes, seeds %d..%d) to %s%n", pool.transitions().size(),
                episodes, seed, seed + episodes - 1, file);
        return 0;
    }

    static ExperiencePool collect(SimConfig cfg, long seed, int episodes) {
        return ExperiencePool.collect(cfg, new SchedulerFactory().decima(), seed, episodes);
    }
}
