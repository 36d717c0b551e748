package org.netllm.testbed.cjs.eval;

import java.util.ArrayList;
import java.util.List;
import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.cjs.sim.SparkSchedSim;
import org.netllm.testbed.cjs.sim.StepResult;

/**
 * Every task of one episode as (executor, job, stage, start, end), for a Gantt-style executor
 * timeline. The episode is the same as {@link EpisodeRunner}'s for the same arguments (the
 * recorder only observes).
 */
public record ExecutorTimeline(int executors, int jobs, double endMs, List<Segment> segments) {

    public record Segment(int executor, int job, int stage, double startMs, double endMs) {
    }

    /** Upper bound on recorded tasks (a 450-job episode has ~0.5 M tasks). */
    public static final int MAX_SEGMENTS = 5_000_000;

    public static ExecutorTimeline record(SimConfig cfg, Scheduler scheduler, long seed, EpisodeRunner.StreamLayout layout) {
        SparkSchedSim sim = new SparkSchedSim(cfg);
        List<Segment> segments = new ArrayList<>();
        sim.setTaskListener((e, j, s, t0, t1) -> {
            if (segments.size() >= MAX_SEGMENTS) {
                throw new IllegalStateException("more than " + MAX_SEGMENTS + " tasks in one episode");
            }
            segments.add(new Segment(e, j, s, t0, t1));
        });
        PythonRandom random = new PythonRandom(seed);
        Observation obs = sim.reset(seed, random);
        scheduler.startEpisode(layout == EpisodeRunner.StreamLayout.SHARED ? random : new PythonRandom(seed));
        boolean done = false;
        while (!done) {
            StepResult r = sim.step(scheduler.schedule(obs));
            obs = r.observation();
            done = r.terminated();
        }
        return new ExecutorTimeline(cfg.numExecutors(), cfg.jobArrivalCap(), sim.wallTimeMs(), segments);
    }
}
