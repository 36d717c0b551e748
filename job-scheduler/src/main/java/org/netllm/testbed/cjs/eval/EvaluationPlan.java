package org.netllm.testbed.cjs.eval;

import java.util.List;

/**
 * What {@code ./testbed cjs evaluate} runs: every scheduler × setting × seed, one episode each
 * (docs/reference/cjs.md §1.2 for the settings; Table 4 = 200/50, 200/30, 450/50, 450/30).
 */
public record EvaluationPlan(List<String> schedulers, List<Setting> settings, List<Long> seeds, int threads) {

    /** jobs = job_arrival_cap, executors = N. */
    public record Setting(int jobs, int executors) {
    }

    public static final List<Setting> TABLE4 = List.of(new Setting(200, 50), new Setting(200, 30),
            new Setting(450, 50), new Setting(450, 30));
    /** Keeps one command's work bounded. */
    public static final int MAX_EPISODES = 100_000;

    public EvaluationPlan {
        schedulers = List.copyOf(schedulers);
        settings = List.copyOf(settings);
        seeds = List.copyOf(seeds);
        if (schedulers.isEmpty() || settings.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("need at least one scheduler, setting and seed");
        }
        schedulers.forEach(SchedulerFactory::checkName);
        for (Long s : seeds) {
            if (s < 0) {
                throw new IllegalArgumentException("seeds must be >= 0, got " + s);
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        long n = (long) schedulers.size() * settings.size() * seeds.size();
        if (n > MAX_EPISODES) {
            throw new IllegalArgumentException("plan has " + n + " episodes; at most " + MAX_EPISODES);
        }
    }

    public int episodes() {
        return schedulers.size() * settings.size() * seeds.size();
    }
}
