package org.netllm.testbed.cjs.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netllm.testbed.cjs.eval.EpisodeResult;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;
import org.netllm.testbed.cjs.sim.SparkSchedSim;
import org.netllm.testbed.cjs.sim.StepResult;

class CjsServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchedulerFactory FACTORY = new SchedulerFactory();

    /**
     * Every decision of a whole episode goes through the wire form (observation → JSON text →
     * service → action) with one episode id: the JCTs must equal the in-process run's exactly
     * (split random streams: the served policy owns its stream, see EpisodeRunner.StreamLayout).
     */
    @ParameterizedTest
    @ValueSource(strings = {"fifo", "fair", "decima"})
    void wireEpisodeEqualsInProcessEpisode(String policy) throws Exception {
        SimConfig cfg = SimConfig.of(20, 25);
        long seed = 7;
        EpisodeResult direct = EpisodeRunner.run(cfg, FACTORY.create(policy), seed, EpisodeRunner.StreamLayout.SPLIT);

        CjsService service = new CjsService(FACTORY);
        SparkSchedSim sim = new SparkSchedSim(cfg);
        Observation obs = sim.reset(seed, new PythonRandom(seed));
        boolean done = false;
        while (!done) {
            String body = JSON.writeValueAsString(new CjsApi.DecideRequest(policy, "ep-1", seed, CjsService.toJson(obs)));
            CjsApi.DecideResponse a = service.decide(JSON.readValue(body, CjsApi.DecideRequest.class));
            StepResult r = sim.step(new Action(a.stageIdx(), a.numExec()));
            obs = r.observation();
            done = r.terminated();
        }
        assertEquals(direct.decisions(), sim.steps());
        double[] ms = sim.jobDurationsMs();
        for (int i = 0; i < ms.length; i++) {
            assertEquals(direct.jobDurationsSec()[i], ms[i] * 1e-3, 0.0, "job " + i);
        }
        assertEquals(1, service.openEpisodes());
        service.endEpisode(policy, "ep-1");
        assertEquals(0, service.openEpisodes());
    }

    @Test
    void runEpisodeMatchesEpisodeRunner() {
        CjsService service = new CjsService(FACTORY);
        CjsApi.EpisodeResponse r = service.runEpisode(new CjsApi.EpisodeRequest("fair", 50, 200, null, null, null, 1L));
        assertEquals(42.75, Math.round(r.avgJctSec() * 100) / 100.0);
        assertEquals(3908, r.decisions());
        assertEquals(200, r.jobDurationsSec().length);
    }

    private static CjsApi.ObservationJson validObservation() {
        return new CjsApi.ObservationJson(List.of(new CjsApi.JobJson(
                List.of(new CjsApi.StageJson(4, 1000.0, true), new CjsApi.StageJson(2, 500.0, false)),
                List.of(List.of(0, 1)), 0)), 5, 1, 50);
    }

    @Test
    void validObservationGetsAnAction() {
        CjsService service = new CjsService(FACTORY);
        CjsApi.DecideResponse r = service.decide(new CjsApi.DecideRequest("fifo", null, null, validObservation()));
        assertEquals(0, r.stageIdx());
        assertEquals(5, r.numExec());
    }

    @Test
    void badInputNamesTheField() {
        CjsService service = new CjsService(FACTORY);
        CjsApi.ObservationJson ok = validObservation();
        assertField("policy", () -> service.decide(new CjsApi.DecideRequest(null, null, null, ok)));
        assertField("policy", () -> service.decide(new CjsApi.DecideRequest("netllm-x", null, null, ok)));
        assertField("observation", () -> service.decide(new CjsApi.DecideRequest("fifo", null, null, null)));
        assertField("episodeId", () -> service.decide(new CjsApi.DecideRequest("fifo", "../etc", null, ok)));
        assertField("observation.numCommittable", () -> service.decide(new CjsApi.DecideRequest("fifo", null, null,
                new CjsApi.ObservationJson(ok.jobs(), 51, 1, 50))));
        assertField("observation.sourceJobIdx", () -> service.decide(new CjsApi.DecideRequest("fifo", null, null,
                new CjsApi.ObservationJson(ok.jobs(), 5, 2, 50))));
        assertField("observation.jobs[0].edges[0]", () -> service.decide(new CjsApi.DecideRequest("fifo", null, null,
                new CjsApi.ObservationJson(List.of(new CjsApi.JobJson(ok.jobs().get(0).stages(), List.of(List.of(0, 2)), 0)),
                        5, 1, 50))));
        assertField("observation.jobs[0].stages[1].remainingTasks", () -> service.decide(new CjsApi.DecideRequest("fifo",
                null, null, new CjsApi.ObservationJson(List.of(new CjsApi.JobJson(
                        List.of(new CjsApi.StageJson(4, 1000.0, true), new CjsApi.StageJson(-1, 500.0, false)), List.of(), 0)),
                        5, 1, 50))));
        assertField("jobCap", () -> service.runEpisode(new CjsApi.EpisodeRequest("fifo", 50, 0, null, null, null, 1L)));
        assertField("arrivalRate", () -> service.runEpisode(new CjsApi.EpisodeRequest("fifo", 50, 10, -1.0, null, null, 1L)));
    }

    private static void assertField(String field, Runnable r) {
        CjsRequestException e = assertThrows(CjsRequestException.class, r::run);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void episodeStoreIsBoundedAndEvictsIdleEpisodes() {
        AtomicLong now = new AtomicLong();
        EpisodeStore<String> store = new EpisodeStore<>(2, 100, now::get);
        store.getOrCreate("a", () -> "A");
        store.getOrCreate("b", () -> "B");
        store.getOrCreate("a", () -> "A2"); // a is now most recently used
        store.getOrCreate("c", () -> "C"); // evicts b (least recently used)
        assertEquals(2, store.size());
        assertEquals("A", store.getOrCreate("a", () -> "A3"));
        assertEquals("B2", store.getOrCreate("b", () -> "B2"));
        now.addAndGet(101);
        assertEquals(0, store.size(), "idle entries are evicted");
        assertArrayEquals(new String[] {"X"}, new String[] {store.getOrCreate("x", () -> "X")});
    }
}
