package org.netllm.testbed.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRunnerTest {

    /** Writes a finished session, but fails the first {@code failures.get(key)} attempts of a key. */
    static final class FlakyExecutor implements SessionExecutor {
        final Map<String, Integer> failures;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final AtomicInteger running = new AtomicInteger();
        volatile int maxRunning;

        FlakyExecutor(Map<String, Integer> failures) {
            this.failures = failures;
        }

        @Override
        public void execute(SessionSpec spec, Path outDir) throws Exception {
            int n = calls.computeIfAbsent(spec.key(), k -> new AtomicInteger()).incrementAndGet();
            int now = running.incrementAndGet();
            synchronized (this) {
                maxRunning = Math.max(maxRunning, now);
            }
            try {
                Thread.sleep(20);
                if (n <= failures.getOrDefault(spec.key(), 0)) {
                    throw new IllegalStateException("stall: no new chunk for 120 s");
                }
                SyntheticSessions.write(outDir, spec, 4.3, new int[] {1, 2, 3}, new double[] {1, 0, 0});
            } finally {
                running.decrementAndGet();
            }
        }
    }

    static Progress.Factory quiet() {
        return total -> new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, total);
    }

    @Test
    void tellsEachSessionWhetherAnotherWaitsForASlot(@TempDir Path root) throws Exception {
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        ExperimentPlan plan = new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba", "genet"), 1, 1, 1));
        Path exp = root.resolve("exp");
        new PlanStore(SyntheticSessions.JSON).writeOrVerify(exp, plan);
        List<Boolean> hints = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionExecutor ex = new SessionExecutor() {
            @Override
            public void execute(SessionSpec spec, Path outDir) {
                throw new AssertionError("the runner passes its hint");
            }

            @Override
            public void execute(SessionSpec spec, Path outDir, java.util.function.BooleanSupplier anotherFollows) throws Exception {
                SyntheticSessions.write(outDir, spec, 4.3, new int[] {1, 2, 3}, new double[] {1, 0, 0});
                hints.add(anotherFollows.getAsBoolean());   // asked at the session's end, as the browser runner does
            }
        };

        ExperimentRunner.Summary s = new ExperimentRunner(ex, SyntheticSessions.JSON, 1).run(exp, plan, quiet());

        assertEquals(4, s.done());
        assertEquals(List.of(true, true, true, false), hints, "one slot: only the last session has none after it");
    }

    @Test
    void retriesThenRecordsFailureAndResumeSkipsCompleted(@TempDir Path root) throws Exception {
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        ExperimentPlan plan = new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba", "genet"), 2, 1, 1));
        Path exp = root.resolve("exp");
        SessionSpec flaky = plan.sessions().get(0);
        SessionSpec dead = plan.sessions().get(1);
        FlakyExecutor ex = new FlakyExecutor(Map.of(flaky.key(), 1, dead.key(), 99));
        assertFalse(new PlanStore(SyntheticSessions.JSON).writeOrVerify(exp, plan));

        ExperimentRunner.Summary s = new ExperimentRunner(ex, SyntheticSessions.JSON, 2).run(exp, plan, quiet());
        assertEquals(new ExperimentRunner.Summary(8, 0, 7, 1), s.counts());
        // every attempt sleeps 20 ms: 6 sessions once, the flaky one twice (its retry counts to its slot time)
        assertTrue(s.doneSlotSeconds() >= 8 * 0.020 && s.doneSlotSeconds() < 30, "slot seconds " + s.doneSlotSeconds());
        assertTrue(s.meanSlotSeconds() >= 0.020, "mean slot seconds " + s.meanSlotSeconds());
        assertEquals(2, ex.calls.get(flaky.key()).get());
        assertEquals(3, ex.calls.get(dead.key()).get(), "default: first try + 2 retries");
        assertTrue(ex.maxRunning <= 2);

        List<StatusLog.Entry> status = new StatusLog(exp, SyntheticSessions.JSON).read();
        assertEquals(7 + 1 + 3, status.size(), "7 done, 1 retry of the flaky one, 2 retries + 1 failure of the dead one");
        StatusLog.Entry last = status.stream().filter(e -> e.key().equals(dead.key())).reduce((a, b) -> b).orElseThrow();
        assertEquals(StatusLog.State.FAILED, last.state());
        assertEquals(3, last.attempt());
        assertTrue(last.reason().contains("stall"));

        // resume: only the failed session runs again; completed ones are skipped
        FlakyExecutor again = new FlakyExecutor(Map.of());
        assertTrue(new PlanStore(SyntheticSessions.JSON).writeOrVerify(exp, plan));
        ExperimentRunner.Summary s2 = new ExperimentRunner(again, SyntheticSessions.JSON, 1).run(exp, plan, quiet());
        assertEquals(new ExperimentRunner.Summary(8, 7, 1, 0), s2.counts());
        assertEquals(Map.of(dead.key(), 1), Map.of(dead.key(), again.calls.get(dead.key()).get()));
        assertEquals(1, again.calls.size());
    }

    @Test
    void tornRunJsonIsNotComplete(@TempDir Path root) throws Exception {
        SessionSpec spec = new SessionSpec("bba", "fcc-real", "traces/fcc-real/x", 0);
        Path dir = spec.resultDir(root);
        SyntheticSessions.write(dir, spec, 4.3, new int[] {1, 1}, new double[] {0, 0});
        assertTrue(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
        Files.writeString(dir.resolve(ResultFiles.RUN_JSON), "{\"outcome\": \"o");
        assertFalse(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
        Files.writeString(dir.resolve(ResultFiles.RUN_JSON), "{\"outcome\": \"failed\"}");
        assertFalse(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
    }

    @Test
    void differentPlanInSameFolderIsRefused(@TempDir Path root) throws Exception {
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        PlanStore store = new PlanStore(SyntheticSessions.JSON);
        Path exp = root.resolve("exp");
        store.writeOrVerify(exp, new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba"), 2, 1, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.writeOrVerify(exp, new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba"), 2, 2, 1))));
        assertTrue(e.getMessage().contains("plan.json"), e.getMessage());
    }

    @Test
    void resumeAfterTheModelChangedIsRefusedAndNamesTheAlgorithm(@TempDir Path root) throws Exception {
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        PlanStore store = new PlanStore(SyntheticSessions.JSON);
        Path exp = root.resolve("exp");
        ExperimentConfig config = PlanBuilderTest.config(List.of("bba", "netllm"), 2, 1, 1);
        PlanBuilder before = new PlanBuilder(repo, alg -> alg.equals("netllm") ? Optional.of("sha256:aa") : Optional.empty());
        assertFalse(store.writeOrVerify(exp, before.build(config)));
        // plan.json round-trips the fingerprints: the same model resumes
        assertTrue(store.writeOrVerify(exp, before.build(config)));
        PlanBuilder retrained = new PlanBuilder(repo, alg -> alg.equals("netllm") ? Optional.of("sha256:bb") : Optional.empty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.writeOrVerify(exp, retrained.build(config)));
        assertTrue(e.getMessage().contains("netllm (sha256:aa then, sha256:bb now)"), e.getMessage());
    }

    @Test
    void statusLogIgnoresOnlyATornLastLine(@TempDir Path root) throws Exception {
        StatusLog log = new StatusLog(root, SyntheticSessions.JSON);
        log.append(new StatusLog.Entry(1, "a/b/c/r0", StatusLog.State.DONE, 1, null, 2.0));
        Files.writeString(log.file(), "{\"t\": 2, \"ke", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(1, log.read().size());
        Files.writeString(log.file(), "\n{\"t\": 3, \"key\": \"a/b/c/r1\", \"state\": \"done\", \"attempt\": 1, \"wallS\": 1}\n",
                java.nio.file.StandardOpenOption.APPEND);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, log::read);
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void truncatedChunksCsvIsRerunOnResumeAndTheReportThenBuilds(@TempDir Path root) throws Exception {
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        ExperimentPlan plan = new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba"), 2, 1, 1));
        Path exp = root.resolve("exp");
        new PlanStore(SyntheticSessions.JSON).writeOrVerify(exp, plan);
        assertEquals(new ExperimentRunner.Summary(4, 0, 4, 0),
                new ExperimentRunner(new FlakyExecutor(Map.of()), SyntheticSessions.JSON, 1).run(exp, plan, quiet()).counts());
        SessionSpec cut = plan.sessions().get(2);
        Path csv = cut.resultDir(exp).resolve(ResultFiles.CHUNKS_CSV);
        // the case: chunks.csv cut to 120 bytes (mid-row) while run.json still says ok
        try (var ch = java.nio.channels.FileChannel.open(csv, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(120);
        }
        assertFalse(ResultFiles.isComplete(cut.resultDir(exp), SyntheticSessions.JSON));

        FlakyExecutor again = new FlakyExecutor(Map.of());
        assertEquals(new ExperimentRunner.Summary(4, 3, 1, 0),
                new ExperimentRunner(again, SyntheticSessions.JSON, 1).run(exp, plan, quiet()).counts());
        assertEquals(Map.of(cut.key(), 1), Map.of(cut.key(), again.calls.get(cut.key()).get()));
        assertEquals(1, again.calls.size(), "only the truncated session ran again");
        var results = new org.netllm.testbed.report.ResultLoader(SyntheticSessions.JSON).load(exp);
        assertEquals(4, results.ok().size());
        assertTrue(Files.isRegularFile(new org.netllm.testbed.report.ReportWriter().write(results, exp, cut.key()).markdown()));
    }

    @Test
    void aDataFileThatNoLongerMatchesTheManifestIsIncomplete(@TempDir Path root) throws Exception {
        SessionSpec spec = new SessionSpec("bba", "fcc-real", "traces/fcc-real/x", 0);
        Path dir = spec.resultDir(root);
        SyntheticSessions.write(dir, spec, 4.3, new int[] {1, 2, 3}, new double[] {0, 0, 0});
        assertTrue(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
        Path csv = dir.resolve(ResultFiles.CHUNKS_CSV);
        String text = Files.readString(csv);
        // same size, one digit changed: only the checksum can tell
        Files.writeString(csv, text.replaceFirst("\n0,1,", "\n0,2,"));
        assertEquals(text.length(), Files.readString(csv).length());
        assertFalse(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
        Files.writeString(csv, text);
        assertTrue(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
        Files.delete(csv);
        assertFalse(ResultFiles.isComplete(dir, SyntheticSessions.JSON));
    }

    @Test
    void aSecondRunnerOnTheSameFolderIsRefusedUntilTheFirstReleasesIt(@TempDir Path root) throws Exception {
        try (RunLock first = RunLock.acquire(root)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.acquire(root));
            assertTrue(e.getMessage().contains("another runner") && e.getMessage().contains("pid " + ProcessHandle.current().pid()),
                    e.getMessage());
        }
        RunLock.acquire(root).close();
    }

    @Test
    void afterStopNoRetryStartsAndTheCutAttemptIsRecordedAsInterrupted(@TempDir Path root) throws Exception {
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        ExperimentPlan plan = new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba"), 2, 1, 1));
        Path exp = root.resolve("exp");
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        ExperimentRunner[] runner = new ExperimentRunner[1];
        // the session fails (as a browser quit by a shutdown hook does) after stop began
        SessionExecutor failsOnStop = (spec, out) -> {
            attempts.incrementAndGet();
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException("browser: session deleted because of page crash");
            }
        };
        runner[0] = new ExperimentRunner(failsOnStop, SyntheticSessions.JSON, 1);
        var result = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return runner[0].run(exp, plan, quiet());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(running.await(10, java.util.concurrent.TimeUnit.SECONDS));
        runner[0].stop(java.time.Duration.ofSeconds(10));
        ExperimentRunner.Summary s = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(new ExperimentRunner.Summary(4, 0, 0, 0, 1, 0), s.counts(), "three sessions never started");
        assertEquals(1, attempts.get(), "no retry, no further session after stop");
        List<StatusLog.Entry> status = new StatusLog(exp, SyntheticSessions.JSON).read();
        assertEquals(1, status.size(), status.toString());
        assertEquals(StatusLog.State.INTERRUPTED, status.get(0).state());
    }
}
