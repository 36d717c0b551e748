package org.netllm.testbed.cjs.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.sched.RoundRobinScheduler;
import org.netllm.testbed.cjs.sched.Scheduler;

/** Whole-episode properties stated by the spec (docs/reference/cjs.md §1.7, §1.9, §3.1, §3.3). */
class SimulatorSemanticsTest {

    /**
     * §1.9: the rewards of an episode sum to −Σ JCT (ms); within-round steps (same wall time) give
     * exactly 0; every decision point has ≥ 1 committable executor and ≥ 1 schedulable stage.
     */
    @Test
    void rewardsSumToMinusTotalJctAndWithinRoundStepsAreFree() {
        SparkSchedSim sim = new SparkSchedSim(SimConfig.of(30, 60));
        Observation obs = sim.reset(5, new PythonRandom(5));
        Scheduler fair = RoundRobinScheduler.fair();
        double rewards = 0;
        int withinRound = 0;
        boolean done = false;
        while (!done) {
            assertTrue(obs.numCommittable() >= 1, "committable at a decision point");
            assertTrue(obs.numSchedulable() >= 1, "schedulable stage at a decision point");
            assertEquals(obs.numNodes(), obs.dagPtr()[obs.numJobs()]);
            double t = obs.wallTimeMs();
            StepResult r = sim.step(fair.schedule(obs));
            if (!r.terminated() && r.observation().wallTimeMs() == t) {
                assertEquals(0.0, r.reward());
                withinRound++;
            }
            rewards += r.reward();
            obs = r.observation();
            done = r.terminated();
        }
        double total = 0;
        for (double d : sim.jobDurationsMs()) {
            total += d;
        }
        assertEquals(-total, rewards, 1e-6 * total);
        assertTrue(withinRound > 0, "some steps stay within a round");
        assertEquals(0, obs.numJobs(), "no active job at the end");
    }

    /** §3.3: the env's assertions become named errors; a rejected action leaves the episode usable. */
    @Test
    void invalidActionsAreRejected() {
        SparkSchedSim sim = new SparkSchedSim(SimConfig.defaults());
        Observation obs = sim.reset(1, new PythonRandom(1));
        int s = obs.numSchedulable();
        assertThrows(InvalidActionException.class, () -> sim.step(new Action(s, 1)));
        assertThrows(InvalidActionException.class, () -> sim.step(new Action(-2, 1)));
        assertThrows(InvalidActionException.class, () -> sim.step(new Action(0, 0)));
        assertThrows(InvalidActionException.class, () -> sim.step(new Action(0, obs.numCommittable() + 1)));
        StepResult ok = sim.step(new Action(0, 1));
        assertTrue(ok.observation().numCommittable() >= 1);
    }

    /** §1.3: job 0 alone at t = 0, all 50 executors committable from the common pool (source J). */
    @Test
    void firstObservationIsJobZeroFromTheCommonPool() {
        Observation obs = new SparkSchedSim(SimConfig.defaults()).reset(666, new PythonRandom(666));
        assertEquals(1, obs.numJobs());
        assertEquals(0, obs.jobIds()[0]);
        assertEquals(50, obs.numCommittable());
        assertEquals(1, obs.sourceJobIdx());
        assertEquals(0.0, obs.wallTimeMs());
    }
}
