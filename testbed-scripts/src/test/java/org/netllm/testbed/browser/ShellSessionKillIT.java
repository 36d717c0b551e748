package org.netllm.testbed.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.testing.ProcessTrees;
import org.netllm.testbed.testing.TempTrees;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SIGKILL of a runner whose session runs through the Mahimahi inner script (relay JVM, session JVM,
 * chromedriver, Chromium — a stand-in {@code env} replaces the setuid shells, which a parent-death signal
 * cannot cross): the in-shell watchdog must end the session, and with it every process the runner had
 * started, within seconds.
 */
class ShellSessionKillIT {

    private static final long BROWSER_TIMEOUT_S = 180;
    private static final Duration SURVIVOR_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void sigkillOfTheRunnerEndsTheSessionInsideTheShell() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
                "SKIPPED: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        Path root = DecisionRelaySessionIT.prepare(tmp.resolve("root"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process runner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillableShellRunner.class.getName(),
                root.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("runner.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BROWSER_TIMEOUT_S);
            while (runner.descendants().noneMatch(h -> h.info().command().orElse("").contains("chromium"))) {
                if (!runner.isAlive() || System.nanoTime() > deadline) {
                    fail("no Chromium under the runner (exit " + (runner.isAlive() ? "none" : runner.exitValue()) + "): "
                            + Files.readString(tmp.resolve("runner.log")));
                }
                Thread.sleep(200);
            }
            Map<Long, Instant> started = ProcessTrees.descendants(runner);
            assertTrue(started.values().size() >= 5, "bash, relay, session JVM, chromedriver, Chromium: " + started.size());
            runner.destroyForcibly();
            assertTrue(runner.waitFor(30, TimeUnit.SECONDS));
            ProcessTrees.assertNoSurvivors(started, SURVIVOR_WAIT);
        } finally {
            runner.descendants().forEach(ProcessHandle::destroyForcibly);
            runner.destroyForcibly();
            TempTrees.delete(root);
        }
    }
}
