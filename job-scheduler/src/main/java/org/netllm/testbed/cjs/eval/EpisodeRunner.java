package org.netllm.testbed.cjs.eval;

import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.cjs.sim.SparkSchedSim;
import org.netllm.testbed.cjs.sim.StepResult;

/**
 * Runs whole episodes the way NetLLM's {@code run_baseline.py test} does (docs/reference/cjs.md
 * §1.11): {@code env.reset(seed)} draws the jobs, then Python's global {@code random} is seeded with
 * the same seed and shared by the simulator's duration draws and the policy's sampling.
 */
public final class EpisodeRunner {

    /** Upper bound on env steps per episode, far above the ~4–8 k of real episodes. */
    public static final long MAX_STEPS = 10_000_000L;

    private EpisodeRunner() {
    }

    /**
     * Who draws from which CPython stream. {@link #SHARED}: the simulator and a sampling policy
     * interleave on one stream seeded with the env seed, as NetLLM's scripts do (seed-exact with
     * the Python reference). {@link #SPLIT}: the policy gets its own stream seeded with the same
     * seed; this is what a policy behind an HTTP endpoint sees, so in-process SPLIT runs equal
     * runs whose decisions cross the wire. FIFO and Fair draw nothing, so both layouts agree.
     */
    public enum StreamLayout { SHARED, SPLIT }

    public static EpisodeResult run(SimConfig cfg, Scheduler scheduler, long seed) {
        return run(cfg, scheduler, seed, StreamLayout.SHARED);
    }

    public static EpisodeResult run(SimConfig cfg, Scheduler scheduler, long seed, StreamLayout layout) {
        SparkSchedSim sim = new SparkSchedSim(cfg);
        PythonRandom random = new PythonRandom(seed);
        Observation obs = sim.reset(seed, random);
        scheduler.startEpisode(layout == StreamLayout.SHARED ? random : new PythonRandom(seed));
        long[] nanos = new long[1024];
        int n = 0;
        boolean done = false;
        while (!done) {
            long t0 = System.nanoTime();
            Action a = scheduler.schedule(obs);
            long dt = System.nanoTime() - t0;
            if (n == nanos.length) {
                nanos = java.util.Arrays.copyOf(nanos, n * 2);
            }
            nanos[n++] = dt;
            StepResult r = sim.step(a);
            scheduler.observeReward(r.reward());
            obs = r.observation();
            done = r.terminated();
            if (sim.steps() > MAX_STEPS) {
                throw new IllegalStateException("episode exceeded " + MAX_STEPS + " steps");
            }
        }
        double[] ms = sim.jobDurationsMs();
        double[] sec = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            sec[i] = ms[i] * 1e-3;
        }
        return new EpisodeResult(scheduler.name(), cfg.jobArrivalCap(), cfg.numExecutors(), seed, sec,
                EpisodeResult.mean(sec), EpisodeResult.percentile(sec, 90), sim.steps(),
                java.util.Arrays.copyOf(nanos, n), sim.wallTimeMs() * 1e-3);
    }
}
