package org.netllm.testbed.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.testing.ProcessTrees;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Kills a real runner (a child JVM with two real Chromium sessions, {@link KillableRunner}) and counts the
 * processes it had started that survive: none may, after SIGKILL as after SIGTERM. SIGTERM must also record
 * both running attempts as interrupted, start no retry, and a second runner on the folder is refused while
 * the first holds it.
 */
class RunnerKillIT {

    private static final int PARALLEL = 2;
    /** Chromium's start on a loaded 2-core machine: generous. */
    private static final long READY_TIMEOUT_S = 120;
    /** How long the browsers may take to go after their runner died. */
    private static final Duration SURVIVOR_WAIT = Duration.ofSeconds(15);

    @TempDir
    Path root;

    @Test
    void sigkillLeavesNoBrowserBehind() throws Exception {
        Process runner = startRunner();
        Map<Long, Instant> started = ProcessTrees.descendants(runner);
        // per slot: the session's browser and the prestarted next one, each chromedriver + Chromium
        assertTrue(started.size() >= 2 * 2 * PARALLEL, "expected chromedriver and Chromium per browser, got " + describe(started));
        // a second runner on the same folder is refused while this one holds it
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RunLock.acquire(root.resolve("exp")).close());
        assertTrue(refused.getMessage().contains("another runner") && refused.getMessage().contains("pid " + runner.pid()),
                refused.getMessage());

        runner.destroyForcibly();   // SIGKILL: no shutdown hook runs
        assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
        ProcessTrees.assertNoSurvivors(started, SURVIVOR_WAIT);
        // the kernel released the dead runner's lock: the resume may start
        RunLock.acquire(root.resolve("exp")).close();
    }

    @Test
    void sigtermRecordsInterruptedAttemptsStartsNoRetryAndLeavesNoBrowser() throws Exception {
        Process runner = startRunner();
        Map<Long, Instant> started = ProcessTrees.descendants(runner);
        runner.destroy();   // SIGTERM: shutdown hooks run
        assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "runner did not exit after SIGTERM");
        ProcessTrees.assertNoSurvivors(started, SURVIVOR_WAIT);
        List<StatusLog.Entry> status = new StatusLog(root.resolve("exp"), SyntheticSessions.JSON).read();
        assertEquals(PARALLEL, status.size(), "one line per running attempt, nothing else: " + status);
        for (StatusLog.Entry e : status) {
            assertEquals(StatusLog.State.INTERRUPTED, e.state(), status.toString());
            assertEquals(1, e.attempt(), "no retry once shutdown began: " + status);
        }
    }

    private Process startRunner() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "SKIPPED: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillableRunner.class.getName(),
                root.toString(), Integer.toString(PARALLEL)).redirectError(root.resolve("runner.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (out.ready()) {
                String line = out.readLine();
                if ("READY".equals(line)) {
                    return p;
                }
            } else if (!p.isAlive()) {
                fail("runner exited " + p.exitValue() + ": " + Files.readString(root.resolve("runner.err")));
            } else {
                Thread.sleep(100);
            }
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail("runner not READY within " + READY_TIMEOUT_S + " s: " + Files.readString(root.resolve("runner.err")));
        return p;
    }

    private static String describe(Map<Long, Instant> procs) {
        return procs.keySet().stream().map(pid -> pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("?"))
                .collect(Collectors.joining(", "));
    }
}
