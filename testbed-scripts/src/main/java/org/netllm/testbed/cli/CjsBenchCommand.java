package org.netllm.testbed.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netllm.testbed.cjs.eval.Bench;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.cjs.sim.SimConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./testbed cjs bench}: single-thread episodes/s and decisions/s per scheduler. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Episodes/s and decisions/s of the Spark simulator with each scheduler (one thread).")
public final class CjsBenchCommand implements Callable<Integer> {

    @Option(names = "--schedulers", defaultValue = "fifo,fair,decima", split = ",",
            description = "Schedulers (default: ${DEFAULT-VALUE})")
    List<String> schedulers;

    @Option(names = "--jobs", defaultValue = "200", description = "Jobs per episode (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--executors", defaultValue = "50", description = "Executors N (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up per scheduler, s (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured time per scheduler, s (default: ${DEFAULT-VALUE})")
    double seconds;

    @Override
    public Integer call() {
        if (!(seconds > 0) || warmup < 0) {
            throw new IllegalArgumentException("--seconds must be > 0 and --warmup >= 0");
        }
        schedulers.forEach(SchedulerFactory::checkName);
        SimConfig cfg = SimConfig.of(executors, jobs);
        SchedulerFactory factory = new SchedulerFactory();
        for (String s : schedulers) {
            Bench.Figures f = Bench.run(factory, s, cfg, warmup, seconds);
            System.out.printf(Locale.ROOT,
                    "%-14s %d jobs %d exec: %.2f episodes/s, %.0f decisions/s, policy %.1f us/decision (%d episodes, %.1f s)%n",
                    s, jobs, executors, f.episodesPerS(), f.decisionsPerS(), f.policyMicrosPerDecision(), f.episodes(),
                    f.seconds());
        }
        return 0;
    }
}
