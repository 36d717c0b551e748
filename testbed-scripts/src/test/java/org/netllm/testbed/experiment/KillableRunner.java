package org.netllm.testbed.experiment;

import org.netllm.testbed.browser.BrowserConfig;
import org.netllm.testbed.browser.BrowserFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Child JVM for {@code RunnerKillIT}: runs a plan whose sessions each take a real local Chromium from their slot,
 * prestart the slot's next one (as {@code experiment} does) and then hang, so the parent can SIGTERM or SIGKILL
 * this JVM mid-run. Prints {@code READY} once {@code args[1]} sessions are up, each with both browsers.
 * Args: experiment folder, parallel.
 */
public final class KillableRunner {

    private KillableRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int parallel = Integer.parseInt(args[1]);
        Path repo = PlanBuilderTest.repo(root.resolve("repo"), 3, 3);
        ExperimentPlan plan = new PlanBuilder(repo).build(PlanBuilderTest.config(List.of("bba", "genet"), 2, 1, 1));
        Path exp = root.resolve("exp");
        new PlanStore(SyntheticSessions.JSON).writeOrVerify(exp, plan);
        // each slot as `experiment` runs it: the session's browser and, already up, the slot's prestarted next one
        org.netllm.testbed.browser.PrestartingSlots slots = new org.netllm.testbed.browser.PrestartingSlots(BrowserConfig.local());
        java.util.concurrent.atomic.AtomicInteger up = new java.util.concurrent.atomic.AtomicInteger();
        SessionExecutor hangs = (spec, out) -> {
            try (BrowserFactory.Browser b = slots.takeAndPrestart()) {
                if (up.incrementAndGet() == parallel) {
                    System.out.println("READY");
                    System.out.flush();
                }
                Thread.sleep(600_000);
            }
        };
        try (RunLock lock = RunLock.acquire(exp)) {
            ExperimentRunner.Summary s = new ExperimentRunner(hangs, SyntheticSessions.JSON, parallel).run(exp, plan,
                    total -> new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, total));
            System.out.println("SUMMARY " + s);
        }
    }
}
