package org.netllm.testbed.cjs.service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.netllm.testbed.cjs.eval.EpisodeResult;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.sched.Scheduler;
import org.netllm.testbed.cjs.sim.Action;
import org.netllm.testbed.cjs.sim.Observation;
import org.netllm.testbed.cjs.sim.SimConfig;

/**
 * Request → response logic of the CJS endpoint, free of any HTTP framework so that a thin route
 * can call it (docs/reference/cjs.md §7): validates an observation (errors name the field),
 * converts it to the simulator's raw observation, asks the named policy, and runs whole episodes
 * server-side. Sampling policies keep their CPython random stream per episode id in a bounded,
 * idle-evicted {@link EpisodeStore}. Thread-safe.
 */
public final class CjsService {

    public static final int MAX_JOBS = 1_000;
    public static final int MAX_STAGES_PER_JOB = 100;
    public static final int MAX_NODES = 20_000;
    public static final int MAX_TASKS = 1_000_000;
    public static final int MAX_EPISODE_JOBS = 2_000;
    public static final int MAX_EPISODES = 10_000;
    public static final long EPISODE_IDLE_NANOS = 10L * 60 * 1_000_000_000L;
    private static final Pattern EPISODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final SchedulerFactory factory;
    private final EpisodeStore<ServedEpisode> episodes;

    public CjsService(SchedulerFactory factory) {
        this(factory, new EpisodeStore<>(MAX_EPISODES, EPISODE_IDLE_NANOS, System::nanoTime));
    }

    public CjsService(SchedulerFactory factory, EpisodeStore<ServedEpisode> episodes) {
        this.factory = factory;
        this.episodes = episodes;
    }

    public CjsApi.DecideResponse decide(CjsApi.DecideRequest req) {
        if (req == null) {
            throw new CjsRequestException("body", "missing");
        }
        String policy = policy(req.policy());
        Observation obs = toObservation(req.observation());
        Double reward = req.reward();
        if (reward != null && (!(reward <= 0) || reward.isInfinite())) {
            throw new CjsRequestException("reward", "must be finite and <= 0 (−job·ms accrued since the previous decision), got " + reward);
        }
        ServedEpisode episode;
        if (req.episodeId() != null) {
            if (!EPISODE_ID.matcher(req.episodeId()).matches()) {
                throw new CjsRequestException("episodeId", "must match " + EPISODE_ID.pattern());
            }
            long seed = seed(req.seed());
            episode = episodes.getOrCreate(policy + "/" + req.episodeId(), () -> new ServedEpisode(start(policy, seed)));
        } else {
            episode = new ServedEpisode(start(policy, seed(req.seed())));
        }
        Action a;
        synchronized (episode) {
            Scheduler scheduler = episode.scheduler;
            if (scheduler.usesRewards() && episode.decisions > 0) {
                if (reward == null) {
                    throw new CjsRequestException("reward", "required for policy '" + policy
                            + "' after an episode's first decision (the env reward since the previous one)");
                }
                scheduler.observeReward(reward);
            }
            a = scheduler.schedule(obs);
            episode.decisions++;
        }
        return new CjsApi.DecideResponse(a.stageIdx(), a.numExec());
    }

    /** Forget an episode's state (its end); unknown ids are ignored. */
    public void endEpisode(String policy, String episodeId) {
        episodes.remove(policy + "/" + episodeId);
    }

    public int openEpisodes() {
        return episodes.size();
    }

    public CjsApi.EpisodeResponse runEpisode(CjsApi.EpisodeRequest req) {
        if (req == null) {
            throw new CjsRequestException("body", "missing");
        }
        String policy = policy(req.policy());
        int n = req.numExecutors() == null ? SimConfig.DEFAULT_EXECUTORS : req.numExecutors();
        int jobs = req.jobCap() == null ? SimConfig.DEFAULT_JOBS : req.jobCap();
        if (n < 1 || n > SimConfig.MAX_EXECUTORS) {
            throw new CjsRequestException("numExecutors", "must be in [1, " + SimConfig.MAX_EXECUTORS + "], got " + n);
        }
        if (jobs < 1 || jobs > MAX_EPISODE_JOBS) {
            throw new CjsRequestException("jobCap", "must be in [1, " + MAX_EPISODE_JOBS + "], got " + jobs);
        }
        double rate = positiveFinite("arrivalRate", req.arrivalRate(), SimConfig.DEFAULT_ARRIVAL_RATE);
        double moving = nonNegativeFinite("movingDelayMs", req.movingDelayMs(), SimConfig.DEFAULT_MOVING_DELAY_MS);
        double warmup = nonNegativeFinite("warmupDelayMs", req.warmupDelayMs(), SimConfig.DEFAULT_WARMUP_DELAY_MS);
        long seed = seed(req.seed());
        EpisodeResult r = EpisodeRunner.run(new SimConfig(n, jobs, rate, moving, warmup), factory.create(policy), seed);
        return new CjsApi.EpisodeResponse(r.avgJctSec(), r.p90JctSec(), r.jobDurationsSec(), r.decisions());
    }

    private Scheduler start(String policy, long seed) {
        Scheduler s = factory.create(policy);
        s.startEpisode(new PythonRandom(seed));
        return s;
    }

    private String policy(String p) {
        if (p == null) {
            throw new CjsRequestException("policy", "missing; one of " + policies());
        }
        if (!SchedulerFactory.NAMES.contains(p)) {
            throw new CjsRequestException("policy", "unknown policy '" + truncate(p) + "'; one of " + policies());
        }
        if (!policies().contains(p)) {
            throw new CjsRequestException("policy", "'" + p + "' is not served here: this server opened no NetLLM-CJS model");
        }
        return p;
    }

    /** The policies this service can run (NetLLM-CJS only when a model was opened at start-up). */
    public List<String> policies() {
        return factory.hasNetLlm() ? SchedulerFactory.NAMES
                : SchedulerFactory.NAMES.stream().filter(n -> !n.startsWith("netllm")).toList();
    }

    /** A served episode: its scheduler and how many decisions it took (whether the next must carry a reward). */
    public static final class ServedEpisode {
        final Scheduler scheduler;
        int decisions;

        ServedEpisode(Scheduler scheduler) {
            this.scheduler = scheduler;
        }
    }

    private static long seed(Long seed) {
        if (seed == null) {
            return 0;
        }
        if (seed < 0) {
            throw new CjsRequestException("seed", "must be >= 0, got " + seed);
        }
        return seed;
    }

    private static double positiveFinite(String field, Double v, double dflt) {
        if (v == null) {
            return dflt;
        }
        if (!(v > 0) || v.isInfinite()) {
            throw new CjsRequestException(field, "must be positive and finite, got " + v);
        }
        return v;
    }

    private static double nonNegativeFinite(String field, Double v, double dflt) {
        if (v == null) {
            return dflt;
        }
        if (!(v >= 0) || v.isInfinite()) {
            throw new CjsRequestException(field, "must be >= 0 and finite, got " + v);
        }
        return v;
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Validates the §7 observation and converts it to the simulator's raw observation (§3.1). */
    public static Observation toObservation(CjsApi.ObservationJson o) {
        if (o == null) {
            throw new CjsRequestException("observation", "missing");
        }
        Integer n = o.numExecutors();
        if (n == null || n < 1 || n > SimConfig.MAX_EXECUTORS) {
            throw new CjsRequestException("observation.numExecutors", "must be in [1, " + SimConfig.MAX_EXECUTORS + "], got " + n);
        }
        List<CjsApi.JobJson> jobs = o.jobs();
        if (jobs == null) {
            throw new CjsRequestException("observation.jobs", "missing");
        }
        if (jobs.size() > MAX_JOBS) {
            throw new CjsRequestException("observation.jobs", "at most " + MAX_JOBS + " jobs, got " + jobs.size());
        }
        Integer committable = o.numCommittable();
        if (committable == null || committable < 1 || committable > n) {
            throw new CjsRequestException("observation.numCommittable", "must be in [1, numExecutors=" + n + "], got " + committable);
        }
        Integer source = o.sourceJobIdx();
        if (source == null || source < 0 || source > jobs.size()) {
            throw new CjsRequestException("observation.sourceJobIdx", "must be in [0, " + jobs.size() + "] (jobs.size() = common pool), got " + source);
        }
        int nodes = 0;
        for (int j = 0; j < jobs.size(); j++) {
            CjsApi.JobJson job = jobs.get(j);
            String f = "observation.jobs[" + j + "]";
            if (job == null) {
                throw new CjsRequestException(f, "null");
            }
            if (job.stages() == null || job.stages().isEmpty() || job.stages().size() > MAX_STAGES_PER_JOB) {
                throw new CjsRequestException(f + ".stages", "must hold 1.." + MAX_STAGES_PER_JOB + " active stages");
            }
            if (job.supply() == null || job.supply() < 0 || job.supply() > 2 * SimConfig.MAX_EXECUTORS) {
                throw new CjsRequestException(f + ".supply", "must be in [0, " + 2 * SimConfig.MAX_EXECUTORS + "], got " + job.supply());
            }
            nodes += job.stages().size();
        }
        if (nodes > MAX_NODES) {
            throw new CjsRequestException("observation.jobs", "at most " + MAX_NODES + " stages in all, got " + nodes);
        }
        int[] jobIds = new int[jobs.size()];
        int[] dagPtr = new int[jobs.size() + 1];
        int[] supplies = new int[jobs.size()];
        int[] remaining = new int[nodes];
        float[] mrd = new float[nodes];
        boolean[] sched = new boolean[nodes];
        List<int[]> edges = new ArrayList<>();
        int k = 0;
        for (int j = 0; j < jobs.size(); j++) {
            CjsApi.JobJson job = jobs.get(j);
            jobIds[j] = j;
            supplies[j] = job.supply();
            int base = k;
            for (int s = 0; s < job.stages().size(); s++) {
                CjsApi.StageJson st = job.stages().get(s);
                String f = "observation.jobs[" + j + "].stages[" + s + "]";
                if (st == null) {
                    throw new CjsRequestException(f, "null");
                }
                if (st.remainingTasks() == null || st.remainingTasks() < 0 || st.remainingTasks() > MAX_TASKS) {
                    throw new CjsRequestException(f + ".remainingTasks", "must be in [0, " + MAX_TASKS + "], got " + st.remainingTasks());
                }
                Double d = st.mostRecentDurationMs();
                if (d == null || !(d >= 0) || d.isInfinite()) {
                    throw new CjsRequestException(f + ".mostRecentDurationMs", "must be >= 0 and finite, got " + d);
                }
                if (st.schedulable() == null) {
                    throw new CjsRequestException(f + ".schedulable", "missing");
                }
                remaining[k] = st.remainingTasks();
                mrd[k] = d.floatValue();
                sched[k] = st.schedulable();
                k++;
            }
            List<int[]> jobEdges = new ArrayList<>();
            if (job.edges() != null) {
                for (int e = 0; e < job.edges().size(); e++) {
                    List<Integer> pc = job.edges().get(e);
                    String f = "observation.jobs[" + j + "].edges[" + e + "]";
                    int m = job.stages().size();
                    if (pc == null || pc.size() != 2 || pc.get(0) == null || pc.get(1) == null) {
                        throw new CjsRequestException(f, "must be [parent, child]");
                    }
                    int p = pc.get(0);
                    int c = pc.get(1);
                    if (p < 0 || p >= m || c < 0 || c >= m || p == c) {
                        throw new CjsRequestException(f, "stage indices must be distinct and in [0, " + (m - 1) + "], got [" + p + ", " + c + "]");
                    }
                    jobEdges.add(new int[] {base + p, base + c});
                }
            }
            jobEdges.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
            edges.addAll(jobEdges);
            dagPtr[j + 1] = k;
        }
        int[] ep = new int[edges.size()];
        int[] ec = new int[edges.size()];
        for (int e = 0; e < ep.length; e++) {
            ep[e] = edges.get(e)[0];
            ec[e] = edges.get(e)[1];
        }
        return new Observation(jobIds, dagPtr, remaining, mrd, sched, ep, ec, committable, source, supplies, n, 0);
    }

    /** The inverse of {@link #toObservation}: the wire form of a simulator observation. */
    public static CjsApi.ObservationJson toJson(Observation obs) {
        List<CjsApi.JobJson> jobs = new ArrayList<>();
        for (int j = 0; j < obs.numJobs(); j++) {
            int lo = obs.dagPtr()[j];
            int hi = obs.dagPtr()[j + 1];
            List<CjsApi.StageJson> stages = new ArrayList<>();
            for (int i = lo; i < hi; i++) {
                stages.add(new CjsApi.StageJson(obs.remainingTasks()[i], (double) obs.mostRecentDuration()[i], obs.schedulable()[i]));
            }
            List<List<Integer>> edges = new ArrayList<>();
            for (int e = 0; e < obs.edgeParents().length; e++) {
                if (obs.edgeParents()[e] >= lo && obs.edgeParents()[e] < hi) {
                    edges.add(List.of(obs.edgeParents()[e] - lo, obs.edgeChildren()[e] - lo));
                }
            }
            jobs.add(new CjsApi.JobJson(stages, edges, obs.execSupplies()[j]));
        }
        return new CjsApi.ObservationJson(jobs, obs.numCommittable(), obs.sourceJobIdx(), obs.numExecutors());
    }
}
