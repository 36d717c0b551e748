package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a plan with N sessions in parallel. Complete sessions (see {@link ResultFiles#isComplete})
 * are skipped, so re-running the same command resumes. Each failing session is retried up to
 * {@code maxAttempts} in total and then recorded as failed in status.jsonl — never dropped.
 */
public final class ExperimentRunner {

    private final SessionExecutor executor;
    private final ObjectMapper json;
    private final int parallel;

    /** Counts of one run (the resumed part only). */
    public record Summary(int planned, int skipped, int done, int failed) {
    }

    public ExperimentRunner(SessionExecutor executor, ObjectMapper json, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        }
        this.executor = executor;
        this.json = json;
        this.parallel = parallel;
    }

    public Summary run(Path experimentDir, ExperimentPlan plan, Progress.Factory progressFactory) throws InterruptedException {
        StatusLog status = new StatusLog(experimentDir, json);
        List<SessionSpec> todo = new ArrayList<>();
        int skipped = 0;
        for (SessionSpec spec : plan.sessions()) {
            if (ResultFiles.isComplete(spec.resultDir(experimentDir), json)) {
                skipped++;
            } else {
                todo.add(spec);
            }
        }
        Progress progress = progressFactory.create(todo.size());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "session");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SessionSpec spec : todo) {
                futures.add(pool.submit(() -> {
                    boolean ok = runWithRetries(spec, experimentDir, plan.config().maxAttempts(), status, progress);
                    (ok ? done : failed).incrementAndGet();
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // runWithRetries records every failure itself; anything escaping is a runner bug
                    throw new IllegalStateException("session runner failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(plan.sessions().size(), skipped, done.get(), failed.get());
    }

    private boolean runWithRetries(SessionSpec spec, Path experimentDir, int maxAttempts, StatusLog status, Progress progress) {
        Path dir = spec.resultDir(experimentDir);
        String reason = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long t0 = System.nanoTime();
            try {
                Files.createDirectories(dir);
                executor.execute(spec, dir);
                if (!ResultFiles.isComplete(dir, json)) {
                    throw new IllegalStateException("session finished without a complete result folder " + dir);
                }
                status.append(new StatusLog.Entry(System.currentTimeMillis(), spec.key(), StatusLog.State.DONE,
                        attempt, null, seconds(t0)));
                progress.finished(spec.key(), true, attempt > 1 ? "attempt " + attempt : null);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = "interrupted";
                status.append(new StatusLog.Entry(System.currentTimeMillis(), spec.key(), StatusLog.State.FAILED,
                        attempt, reason, seconds(t0)));
                progress.finished(spec.key(), false, reason);
                return false;
            } catch (Exception e) {
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                boolean last = attempt == maxAttempts;
                status.append(new StatusLog.Entry(System.currentTimeMillis(), spec.key(),
                        last ? StatusLog.State.FAILED : StatusLog.State.RETRY, attempt, reason, seconds(t0)));
            }
        }
        progress.finished(spec.key(), false, reason);
        return false;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
