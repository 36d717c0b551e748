package org.netllm.testbed.cjs.eval;

import org.netllm.testbed.cjs.sim.SimConfig;

/**
 * Single-thread throughput of whole episodes per scheduler: warm up for a while (JIT), then count
 * episodes and env steps over a measured window, cycling env seeds 1, 2, 3, … so that every
 * episode is different. Policy time is measured per decision inside {@link EpisodeRunner}.
 */
public final class Bench {

    /** One scheduler's figures. */
    public record Figures(String scheduler, int episodes, long decisions, double seconds, double policySeconds) {

        public double episodesPerS() {
            return episodes / seconds;
        }

        public double decisionsPerS() {
            return decisions / seconds;
        }

        /** Mean policy time per decision, µs. */
        public double policyMicrosPerDecision() {
            return policySeconds * 1e6 / decisions;
        }
    }

    private Bench() {
    }

    public static Figures run(SchedulerFactory factory, String scheduler, SimConfig cfg, double warmupS, double measureS) {
        long seed = 1;
        long warmEnd = System.nanoTime() + (long) (warmupS * 1e9);
        while (System.nanoTime() < warmEnd) {
            EpisodeRunner.run(cfg, factory.create(scheduler), seed++);
        }
        int episodes = 0;
        long decisions = 0;
        long policyNanos = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (measureS * 1e9);
        do {
            EpisodeResult r = EpisodeRunner.run(cfg, factory.create(scheduler), seed++);
            episodes++;
            decisions += r.decisions();
            for (long n : r.decisionNanos()) {
                policyNanos += n;
            }
        } while (System.nanoTime() < end);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return new Figures(scheduler, episodes, decisions, seconds, policyNanos * 1e-9);
    }
}
