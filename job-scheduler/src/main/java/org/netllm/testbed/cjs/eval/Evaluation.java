package org.netllm.testbed.cjs.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.SimConfig;

/**
 * Runs an {@link EvaluationPlan}: every episode on its own simulator, with decisions from an
 * in-process scheduler ("offline") or a server's endpoint, on a fixed thread pool; results do not
 * depend on the thread count (each episode owns its random streams).
 */
public final class Evaluation {

    /** Progress callback: called after each finished episode. */
    public interface Progress {
        void episodeDone(int done, int total);
    }

    /** Where decisions come from: in-process schedulers or a server's endpoint. */
    public interface DecisionSource {
        /** A scheduler for one episode; {@code episodeKey} is unique within the evaluation. */
        Scheduler open(String scheduler, String episodeKey, long seed);

        /** Called after the episode (ends server-side state). */
        default void close(Scheduler s) {
        }

        EpisodeRunner.StreamLayout layout();

        String mode();
    }

    /** In-process schedulers with the given random-stream layout. */
    public static DecisionSource offline(SchedulerFactory factory, EpisodeRunner.StreamLayout layout) {
        return new DecisionSource() {
            @Override
            public Scheduler open(String scheduler, String episodeKey, long seed) {
                return factory.create(scheduler);
            }

            @Override
            public EpisodeRunner.StreamLayout layout() {
                return layout;
            }

            @Override
            public String mode() {
                return "offline (" + layout.name().toLowerCase(java.util.Locale.ROOT) + " streams)";
            }
        };
    }

    /** Every decision over HTTP to {@code base}/api/cjs/decide; the served policy owns its stream (SPLIT). */
    public static DecisionSource server(java.net.URI base) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10)).build();
        String run = Long.toHexString(System.nanoTime());
        return new DecisionSource() {
            @Override
            public Scheduler open(String scheduler, String episodeKey, long seed) {
                SchedulerFactory.checkName(scheduler);
                return new RemoteScheduler(client, base, scheduler, "eval-" + run + "-" + episodeKey, seed);
            }

            @Override
            public void close(Scheduler s) {
                ((RemoteScheduler) s).close();
            }

            @Override
            public EpisodeRunner.StreamLayout layout() {
                return EpisodeRunner.StreamLayout.SPLIT;
            }

            @Override
            public String mode() {
                return "server " + base + " (split streams)";
            }
        };
    }

    private final DecisionSource source;

    public Evaluation(DecisionSource source) {
        this.source = source;
    }

    private record Task(String scheduler, EvaluationPlan.Setting setting, long seed) {
    }

    private record Timed(EpisodeResult result, long elapsedNanos) {
    }

    public EvaluationReport run(EvaluationPlan plan, Progress progress) throws InterruptedException {
        List<Task> tasks = new ArrayList<>();
        for (String s : plan.schedulers()) {
            for (EvaluationPlan.Setting st : plan.settings()) {
                for (long seed : plan.seeds()) {
                    tasks.add(new Task(s, st, seed));
                }
            }
        }
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(plan.threads(), tasks.size()));
        List<Timed> results = new ArrayList<>();
        try {
            List<Future<Timed>> futures = new ArrayList<>();
            for (Task t : tasks) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    String key = t.scheduler() + "-" + t.setting().jobs() + "-" + t.setting().executors() + "-" + t.seed();
                    Scheduler sched = source.open(t.scheduler(), key, t.seed());
                    EpisodeResult r;
                    try {
                        r = EpisodeRunner.run(SimConfig.of(t.setting().executors(), t.setting().jobs()), sched, t.seed(),
                                source.layout());
                    } finally {
                        source.close(sched);
                    }
                    Timed out = new Timed(r, System.nanoTime() - t0);
                    progress.episodeDone(done.incrementAndGet(), tasks.size());
                    return out;
                }));
            }
            for (Future<Timed> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        return report(source.mode(), source.layout().name().toLowerCase(java.util.Locale.ROOT), results);
    }

    private static EvaluationReport report(String mode, String layout, List<Timed> results) {
        List<EvaluationReport.Run> runs = new ArrayList<>();
        for (Timed t : results) {
            EpisodeResult r = t.result();
            runs.add(new EvaluationReport.Run(r.scheduler(), r.jobs(), r.executors(), r.seed(), r.avgJctSec(),
                    r.p90JctSec(), r.decisions(), r.wallTimeSec(), t.elapsedNanos() * 1e-9, r.jobDurationsSec()));
        }
        List<EvaluationReport.Summary> summaries = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Timed t : results) {
            String k = t.result().scheduler() + "/" + t.result().jobs() + "/" + t.result().executors();
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        for (String k : keys) {
            List<Timed> group = results.stream()
                    .filter(t -> (t.result().scheduler() + "/" + t.result().jobs() + "/" + t.result().executors()).equals(k))
                    .toList();
            EpisodeResult first = group.get(0).result();
            double avg = group.stream().mapToDouble(t -> t.result().avgJctSec()).average().orElse(Double.NaN);
            double p90 = group.stream().mapToDouble(t -> t.result().p90JctSec()).average().orElse(Double.NaN);
            double dec = group.stream().mapToDouble(t -> t.result().decisions()).average().orElse(Double.NaN);
            long totalDecisions = group.stream().mapToLong(t -> t.result().decisions()).sum();
            double totalSeconds = group.stream().mapToLong(Timed::elapsedNanos).sum() * 1e-9;
            double[] lat = group.stream().flatMapToLong(t -> Arrays.stream(t.result().decisionNanos()))
                    .mapToDouble(n -> n * 1e-6).toArray();
            summaries.add(new EvaluationReport.Summary(first.scheduler(), first.jobs(), first.executors(), group.size(),
                    avg, p90, dec, EpisodeResult.percentile(lat, 50), EpisodeResult.percentile(lat, 99),
                    totalDecisions / totalSeconds, group.size() / totalSeconds));
        }
        return new EvaluationReport(mode, machineDescription(), layout, runs, summaries);
    }

    static String machineDescription() {
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
    }
}
