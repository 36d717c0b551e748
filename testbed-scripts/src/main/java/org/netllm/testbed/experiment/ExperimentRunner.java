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
 *
 * <p>Shutdown ({@link #stop}, called from the command's shutdown hook on SIGTERM/Ctrl-C, or the JVM
 * already shutting down): no new attempt starts, no failure is retried, and an attempt cut short is
 * recorded as {@code interrupted} (not as a failure of the session), so the resume runs it again.
 */
public final class ExperimentRunner {

    private final SessionExecutor executor;
    private final ObjectMapper json;
    private final int parallel;

    /** Counts of one run (the resumed part only). */
    /**
     * @param doneSlotSeconds summed over the sessions that finished: how long each held its slot (every attempt,
     *                        start to finish). Divided by {@code done} it is the plan's cost per session at this
     *                        parallelism, free of the quantisation of "sessions finished by the time I stopped".
     */
    public record Summary(int planned, int skipped, int done, int failed, int interrupted, double doneSlotSeconds) {
        /** A run that was not interrupted. */
        public Summary(int planned, int skipped, int done, int failed) {
            this(planned, skipped, done, failed, 0, 0);
        }

        /** The counts alone (slot time zeroed): what a run did, for comparing runs. */
        public Summary counts() {
            return new Summary(planned, skipped, done, failed, interrupted, 0);
        }

        /** Mean slot time of a finished session in seconds, or NaN when none finished. */
        public double meanSlotSeconds() {
            return done > 0 ? doneSlotSeconds / done : Double.NaN;
        }
    }

    /** Reason recorded for an attempt cut short by shutdown. */
    static final String INTERRUPTED_REASON = "interrupted: the runner is shutting down";
    /** On SIGTERM, how long the runner waits for running attempts to record themselves as interrupted. */
    static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(10);

    private volatile boolean stopping;
    private volatile ExecutorService pool;

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
        AtomicInteger interrupted = new AtomicInteger();
        java.util.concurrent.atomic.DoubleAdder doneSlotSeconds = new java.util.concurrent.atomic.DoubleAdder();
        AtomicInteger slots = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            // one thread per slot, named so run.json's timings say which slot ran a session
            Thread t = new Thread(r, "session-" + slots.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool = pool;
        // SIGTERM / Ctrl-C: stop retrying and record running attempts as interrupted before the JVM exits
        Thread stopHook = new Thread(() -> {
            try {
                stop(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "testbed-stop-runner");
        Runtime.getRuntime().addShutdownHook(stopHook);
        try {
            List<Future<?>> futures = new ArrayList<>();
            // sessions no slot has begun yet: while any wait, a finishing session may prepare its slot's next one
            AtomicInteger waiting = new AtomicInteger(todo.size());
            java.util.function.BooleanSupplier anotherFollows = () -> waiting.get() > 0 && !shuttingDown();
            for (SessionSpec spec : todo) {
                futures.add(pool.submit(() -> {
                    waiting.decrementAndGet();
                    long slotStart = System.nanoTime();
                    switch (runWithRetries(spec, experimentDir, plan.config().maxAttempts(), status, progress, anotherFollows)) {
                        case DONE -> {
                            done.incrementAndGet();
                            doneSlotSeconds.add((System.nanoTime() - slotStart) / 1e9);
                        }
                        case FAILED -> failed.incrementAndGet();
                        case INTERRUPTED -> interrupted.incrementAndGet();
                        case NOT_STARTED -> { }
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.CancellationException e) {
                    // stop() cancelled sessions that had not started: they stay pending for the resume
                } catch (java.util.concurrent.ExecutionException e) {
                    // runWithRetries records every failure itself; anything escaping is a runner bug
                    throw new IllegalStateException("session runner failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running
            }
        }
        return new Summary(plan.sessions().size(), skipped, done.get(), failed.get(), interrupted.get(),
                doneSlotSeconds.sum());
    }

    /**
     * Begins shutdown: no attempt starts or retries from now on, running attempts are interrupted,
     * and this waits up to {@code grace} for them to record themselves as interrupted.
     */
    public void stop(java.time.Duration grace) throws InterruptedException {
        stopping = true;
        ExecutorService p = pool;
        if (p != null) {
            // sessions still queued never start; cancelling their futures releases run()'s wait on them
            for (Runnable queued : p.shutdownNow()) {
                if (queued instanceof Future<?> f) {
                    f.cancel(false);
                }
            }
            p.awaitTermination(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** What became of one planned session in this run. */
    private enum Result { DONE, FAILED, INTERRUPTED, NOT_STARTED }

    /** True once shutdown began: {@link #stop} was called or the JVM runs its shutdown hooks. */
    private boolean shuttingDown() {
        if (stopping || Thread.currentThread().isInterrupted()) {
            return true;
        }
        // the JVM refuses new hooks once shutdown began (SIGTERM/Ctrl-C), whichever hook runs first
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private Result runWithRetries(SessionSpec spec, Path experimentDir, int maxAttempts, StatusLog status, Progress progress,
                                  java.util.function.BooleanSupplier anotherFollows) {
        Path dir = spec.resultDir(experimentDir);
        String reason = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (shuttingDown()) {
                return attempt == 1 ? Result.NOT_STARTED : interrupted(spec, attempt - 1, 0, status, progress);
            }
            long t0 = System.nanoTime();
            try {
                Files.createDirectories(dir);
                executor.execute(spec, dir, anotherFollows);
                if (!ResultFiles.isComplete(dir, json)) {
                    throw new IllegalStateException("session finished without a complete result folder " + dir);
                }
                status.append(new StatusLog.Entry(System.currentTimeMillis(), spec.key(), StatusLog.State.DONE,
                        attempt, null, seconds(t0)));
                progress.finished(spec.key(), true, attempt > 1 ? "attempt " + attempt : null);
                return Result.DONE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return interrupted(spec, attempt, seconds(t0), status, progress);
            } catch (Exception e) {
                // a browser quit by the shutdown hook fails its session: that is the shutdown, not the session
                if (shuttingDown()) {
                    return interrupted(spec, attempt, seconds(t0), status, progress);
                }
                reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                boolean last = attempt == maxAttempts;
                status.append(new StatusLog.Entry(System.currentTimeMillis(), spec.key(),
                        last ? StatusLog.State.FAILED : StatusLog.State.RETRY, attempt, reason, seconds(t0)));
            }
        }
        progress.finished(spec.key(), false, reason);
        return Result.FAILED;
    }

    private static Result interrupted(SessionSpec spec, int attempt, double wallS, StatusLog status, Progress progress) {
        status.append(new StatusLog.Entry(System.currentTimeMillis(), spec.key(), StatusLog.State.INTERRUPTED,
                attempt, INTERRUPTED_REASON, wallS));
        progress.finished(spec.key(), false, "interrupted");
        return Result.INTERRUPTED;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
