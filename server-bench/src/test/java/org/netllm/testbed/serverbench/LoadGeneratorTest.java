package org.netllm.testbed.serverbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.server.ServerFixture;
import org.netllm.testbed.server.TestContent;
import org.netllm.testbed.server.session.Session;
import org.netllm.testbed.serverbench.LoadReport.AlgorithmFigures;
import org.netllm.testbed.serverbench.LoadSettings.Pacing;

/** The load generator against a real server on loopback: every decision counted, logged and timed. */
class LoadGeneratorTest {

    private static final int SESSIONS = 3;
    private static final String SEGMENT = "/content/" + ServerFixture.VIDEO + "/5/1.m4s";

    @TempDir
    static Path tmp;
    static ServerFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new ServerFixture(tmp);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static LoadSettings settings(Pacing pacing, double segmentSeconds) {
        return new LoadSettings(f.server.baseUrl(), ServerFixture.VIDEO, List.of("bba", "robustmpc"), SESSIONS,
                ServerFixture.CHUNKS, pacing, SEGMENT, segmentSeconds, 2);
    }

    @Test
    void pacedRoundsReportEveryChunkOfEverySessionWithoutErrors() throws Exception {
        LoadReport r = new LoadGenerator(settings(Pacing.paced(5), 0.3)).run();
        assertEquals(0, r.totalErrors(), () -> r.algorithms().toString());
        assertEquals(2, r.algorithms().size());
        for (AlgorithmFigures a : r.algorithms()) {
            int n = SESSIONS * ServerFixture.CHUNKS;
            assertEquals(n, a.serverLatencyMs().length);
            assertEquals(n, a.queueMs().length);
            assertEquals(n, a.roundTripMs().length);
            // queue and decide() are parts of the server-side latency, which is part of the round trip
            assertTrue(a.queueMs()[n - 1] <= a.serverLatencyMs()[n - 1]);
            assertTrue(a.serverLatencyMs()[0] >= 0 && a.serverP(50) <= a.roundTripP(50) + 1e-9);
            // 5 paced reports per session, 5 ms apart at least: the round cannot be faster than 25 ms
            assertTrue(a.wallS() >= (ServerFixture.CHUNKS - 1) * 0.005, () -> "wall " + a.wallS());
        }
        long segment = TestContent.size(5, 0, ServerFixture.BASE_BYTES);
        assertTrue(r.segments().requests() > 0);
        assertEquals(r.segments().requests() * segment, r.segments().bytes());
        // each session logged every chunk (the server wrote chunks.jsonl before replying)
        try (Stream<Path> dirs = Files.list(f.results)) {
            List<Path> logs = dirs.map(d -> d.resolve(Session.CHUNK_LOG)).filter(Files::exists).toList();
            assertTrue(logs.size() >= 2 * SESSIONS);
            for (Path log : logs) {
                assertEquals(ServerFixture.CHUNKS, Files.readAllLines(log).size(), log::toString);
            }
        }
    }

    @Test
    void closedLoopCountsFailuresAsErrors() throws Exception {
        LoadSettings missingVideo = new LoadSettings(f.server.baseUrl(), "no-such-video", List.of("bba"), SESSIONS,
                ServerFixture.CHUNKS, Pacing.closedLoopSaturation(), null, 0, 1);
        LoadReport r = new LoadGenerator(missingVideo).run();
        assertEquals(SESSIONS, r.totalErrors());
        assertEquals(0, r.algorithms().get(0).serverLatencyMs().length);
        assertTrue(r.algorithms().get(0).errorSamples().get(0).contains("HTTP 404"), () -> r.algorithms().get(0).errorSamples().toString());
    }

    @Test
    void pacingNeedsAPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> Pacing.paced(0));
    }

    @Test
    void loadJobRoundTripsThroughJsonForTheChildJvm() throws Exception {
        LoadJob job = new LoadJob(settings(Pacing.paced(100), 10), 2.5);
        String json = LoadGeneratorMain.JSON.writeValueAsString(job);
        assertEquals(job, LoadGeneratorMain.JSON.readValue(json, LoadJob.class));
    }
}
