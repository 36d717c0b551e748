package org.netllm.testbed.cjs.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netllm.testbed.cjs.random.NumpyGenerator;
import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.tpch.TpchCatalog;

/**
 * Java port of spark-sched-sim's {@code SparkSchedSimEnv} (docs/reference/cjs.md §1, upstream
 * {@code spark_sched_sim.py}, {@code components/*}): a discrete-event simulation of Spark jobs on N
 * executors, consulted at decision points through {@link #reset} / {@link #step}. The job sequence
 * comes from a numpy Generator seeded like gymnasium's {@code reset(seed)}, task durations from a
 * CPython {@code random} stream that the caller owns (spark-sched-sim uses the process-global one,
 * also used by the neural schedulers' sampling). One instance runs one episode at a time and is
 * not thread-safe.
 */
public final class SparkSchedSim {

    private final SimConfig cfg;
    private final TpchCatalog catalog;
    private final TaskDurationSampler durations;

    private PythonRandom random;
    private Timeline timeline;
    private List<Job> jobs;
    private Executor[] executors;
    private Pool[] executorLocation;
    private Pool common;
    private Pool none;
    private Pool source;
    private final List<Job> activeJobs = new ArrayList<>();
    private int numCompletedJobs;
    private final Set<Stage> selectedStages = new HashSet<>();
    private List<Stage> schedulableStages = new ArrayList<>();
    private double wallTime;
    private long steps;
    private boolean done;

    public SparkSchedSim(SimConfig cfg) {
        this(cfg, TpchCatalog.shared());
    }

    public SparkSchedSim(SimConfig cfg, TpchCatalog catalog) {
        this.cfg = cfg;
        this.catalog = catalog;
        this.durations = new TaskDurationSampler(cfg.numExecutors(), cfg.warmupDelayMs());
    }

    public SimConfig config() {
        return cfg;
    }

    /** Observer of task starts (for executor timelines); called with the task's planned end. */
    @FunctionalInterface
    public interface TaskListener {
        void taskStarted(int executorId, int jobId, int stageId, double startMs, double endMs);
    }

    private TaskListener taskListener;

    /** Sets (or clears, with null) the task observer; it does not change the simulation. */
    public void setTaskListener(TaskListener listener) {
        this.taskListener = listener;
    }

    /**
     * Starts an episode: draws all jobs from {@code Generator(PCG64(SeedSequence(envSeed)))} and
     * loads the jobs arriving at t = 0. Task durations then draw from {@code random}.
     */
    public Observation reset(long envSeed, PythonRandom random) {
        this.random = random;
        wallTime = 0;
        steps = 0;
        done = false;
        timeline = new Timeline();
        jobs = JobSequence.generate(cfg, NumpyGenerator.gymnasium(envSeed), catalog);
        for (Job j : jobs) {
            timeline.push(j.tArrival, Timeline.Type.JOB_ARRIVAL, j, null, null);
        }
        int n = cfg.numExecutors();
        executors = new Executor[n];
        executorLocation = new Pool[n];
        common = Pool.common();
        none = Pool.none();
        for (int i = 0; i < n; i++) {
            executors[i] = new Executor(i);
            executorLocation[i] = common;
            common.executors.add(i);
        }
        source = common;
        activeJobs.clear();
        numCompletedJobs = 0;
        selectedStages.clear();
        // _load_initial_jobs
        while (!timeline.isEmpty() && timeline.peek().time() <= 0) {
            handleJobArrival(timeline.pop().job());
        }
        schedulableStages = findSchedulableStages(activeJobs, sourceJobId());
        return observe();
    }

    /** One env step (docs/reference/cjs.md §1.7). */
    public StepResult step(Action action) {
        if (done) {
            throw new IllegalStateException("episode is over; call reset");
        }
        steps++;
        takeAction(action);
        if (numCommittable() > 0 && !schedulableStages.isEmpty()) {
            return new StepResult(observe(), 0.0, false);
        }
        commitRemainingExecutors();
        fulfillCommitmentsFromSource();
        source = none;
        selectedStages.clear();

        double t0 = wallTime;
        List<Job> activeBefore = new ArrayList<>(activeJobs);
        resumeSimulation();
        double jobTime = jobTime(t0, activeBefore);
        double reward = jobTime == 0 ? 0.0 : -jobTime; // no -0.0: upstream negates an int 0
        done = numCompletedJobs == jobs.size();
        if (!done && (numCommittable() == 0 || schedulableStages.isEmpty())) {
            throw new IllegalStateException("simulation stalled at t=" + wallTime + " with jobs unfinished");
        }
        return new StepResult(observe(), reward, done);
    }

    public boolean done() {
        return done;
    }

    public long steps() {
        return steps;
    }

    public double wallTimeMs() {
        return wallTime;
    }

    /** JCT (ms) of every job in id order; unfinished jobs count up to the current time (§1.10). */
    public double[] jobDurationsMs() {
        double[] out = new double[jobs.size()];
        for (Job j : jobs) {
            out[j.id] = Math.min(j.tCompleted, wallTime) - j.tArrival;
        }
        return out;
    }

    // ------------------------------------------------------------------ actions

    private void takeAction(Action a) {
        if (a.stageIdx() == Action.NONE) {
            commitRemainingExecutors();
            return;
        }
        if (a.stageIdx() < 0 || a.stageIdx() >= schedulableStages.size()) {
            throw new InvalidActionException("stageIdx " + a.stageIdx() + " is not in [-1, "
                    + (schedulableStages.size() - 1) + "]");
        }
        Stage stage = schedulableStages.get(a.stageIdx());
        int committable = numCommittable();
        if (a.numExec() < 1 || a.numExec() > committable) {
            throw new InvalidActionException("numExec " + a.numExec() + " is not in [1, " + committable + "]");
        }
        int n = Math.min(a.numExec(), demand(stage));
        if (n <= 0) {
            throw new IllegalStateException("schedulable stage without demand");
        }
        addCommitment(n, stage.pool);
        selectedStages.add(stage);
        // recompute the schedulable stages of this job only, in place
        Job job = stage.job;
        int i = 0;
        while (i < schedulableStages.size() && schedulableStages.get(i).job.id < job.id) {
            i++;
        }
        int j = i;
        while (j < schedulableStages.size() && schedulableStages.get(j).job == job) {
            j++;
        }
        List<Stage> next = new ArrayList<>(schedulableStages.size());
        next.addAll(schedulableStages.subList(0, i));
        next.addAll(findSchedulableStages(List.of(job), sourceJobId()));
        next.addAll(schedulableStages.subList(j, schedulableStages.size()));
        schedulableStages = next;
    }

    private void commitRemainingExecutors() {
        int n = numCommittable();
        if (n > 0) {
            addCommitment(n, common);
        }
    }

    private void resumeSimulation() {
        List<Stage> found = new ArrayList<>();
        while (!timeline.isEmpty()) {
            Timeline.Event e = timeline.pop();
            wallTime = e.time();
            switch (e.type()) {
                case JOB_ARRIVAL -> handleJobArrival(e.job());
                case EXECUTOR_ARRIVAL -> handleExecutorArrival(e.executor(), e.stage());
                case TASK_COMPLETION -> handleTaskCompletion(e.stage(), e.executor());
                default -> throw new IllegalStateException();
            }
            if (numCommittable() == 0) {
                continue;
            }
            found = findSchedulableStages(activeJobs, sourceJobId());
            if (!found.isEmpty()) {
                break;
            }
            moveIdleExecutors(source, null);
            source = none;
        }
        schedulableStages = found;
    }

    private double jobTime(double t0, List<Job> activeBefore) {
        double duration = wallTime - t0;
        if (duration == 0) {
            return 0;
        }
        Set<Job> all = new HashSet<>(activeBefore);
        all.addAll(activeJobs);
        double total = 0;
        for (Job j : all) {
            total += Math.min(j.tCompleted, wallTime) - Math.max(j.tArrival, t0);
        }
        return total;
    }

    // ------------------------------------------------------------------ observation

    private Observation observe() {
        for (Stage s : schedulableStages) {
            s.schedulableFlag = true;
        }
        int jCount = activeJobs.size();
        int[] jobIds = new int[jCount];
        int[] dagPtr = new int[jCount + 1];
        int[] supplies = new int[jCount];
        int nodes = 0;
        for (Job j : activeJobs) {
            nodes += j.activeStages.size();
        }
        int[] remaining = new int[nodes];
        float[] mrd = new float[nodes];
        boolean[] sched = new boolean[nodes];
        int[] nodeOfStage = new int[64];
        List<int[]> edges = new ArrayList<>();
        int srcJob = sourceJobId();
        int sourceIdx = jCount;
        int k = 0;
        for (int ji = 0; ji < jCount; ji++) {
            Job job = activeJobs.get(ji);
            jobIds[ji] = job.id;
            if (job.id == srcJob) {
                sourceIdx = ji;
            }
            supplies[ji] = job.supply;
            if (nodeOfStage.length < job.stages.length) {
                nodeOfStage = new int[job.stages.length];
            }
            java.util.Arrays.fill(nodeOfStage, 0, job.stages.length, -1);
            for (Stage s : job.activeStages) {
                nodeOfStage[s.id] = k;
                remaining[k] = s.numRemainingTasks;
                mrd[k] = (float) s.mostRecentDuration;
                sched[k] = s.schedulableFlag;
                s.schedulableFlag = false;
                k++;
            }
            int[][] children = job.template.children();
            for (int p = 0; p < job.stages.length; p++) {
                if (nodeOfStage[p] < 0) {
                    continue;
                }
                for (int c : children[p]) {
                    if (nodeOfStage[c] >= 0) {
                        edges.add(new int[] {nodeOfStage[p], nodeOfStage[c]});
                    }
                }
            }
            dagPtr[ji + 1] = k;
        }
        int[] ep = new int[edges.size()];
        int[] ec = new int[edges.size()];
        for (int e = 0; e < ep.length; e++) {
            ep[e] = edges.get(e)[0];
            ec[e] = edges.get(e)[1];
        }
        return new Observation(jobIds, dagPtr, remaining, mrd, sched, ep, ec, numCommittable(), sourceIdx, supplies,
                cfg.numExecutors(), wallTime);
    }

    // ------------------------------------------------------------------ schedulability

    private int sourceJobId() {
        return (source.placeholder || source.isCommon()) ? Pool.NO_JOB : source.jobId;
    }

    private int numCommittable() {
        int n = source.executors.size() - source.numCommitmentsFrom;
        if (n < 0) {
            throw new IllegalStateException("negative committable executors");
        }
        return n;
    }

    private int demand(Stage s) {
        return s.numRemainingTasks - (s.pool.numMovingTo + s.pool.numCommitmentsTo);
    }

    private boolean saturated(Stage s) {
        return demand(s) <= 0;
    }

    private boolean ready(Stage s) {
        if (saturated(s)) {
            return false;
        }
        for (int p : s.job.template.parents()[s.id]) {
            if (!saturated(s.job.stages[p])) {
                return false;
            }
        }
        return true;
    }

    private List<Stage> findSchedulableStages(List<Job> jobList, int sourceJobId) {
        List<Stage> out = new ArrayList<>();
        for (Job j : jobList) {
            if (j.id != sourceJobId && j.supply >= cfg.numExecutors()) {
                continue;
            }
            for (Stage s : j.activeStages) {
                if (!selectedStages.contains(s) && ready(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ executor tracker

    private void addCommitment(int n, Pool dst) {
        source.commitments.merge(dst, n, Integer::sum);
        source.numCommitmentsFrom += n;
        dst.numCommitmentsTo += n;
        if (source.numCommitmentsFrom > source.executors.size()) {
            throw new IllegalStateException("more commitments than executors at the source");
        }
        if (dst.jobId != source.jobId && dst.jobId != Pool.NO_JOB) {
            jobs.get(dst.jobId).supply += n;
        }
    }

    /** Returns the pool the executor leaves. */
    private Pool removeCommitment(int executorId, Pool dst) {
        Pool src = executorLocation[executorId];
        Integer c = src.commitments.get(dst);
        if (c == null) {
            throw new IllegalStateException("no commitment to fulfil");
        }
        if (c == 1) {
            src.commitments.remove(dst);
        } else {
            src.commitments.put(dst, c - 1);
        }
        src.numCommitmentsFrom--;
        dst.numCommitmentsTo--;
        if (dst.jobId != src.jobId && dst.jobId != Pool.NO_JOB) {
            jobs.get(dst.jobId).supply--;
        }
        return src;
    }

    private void moveExecutorToPool(int executorId, Pool dst) {
        Pool old = executorLocation[executorId];
        if (old != null) {
            old.executors.remove(executorId);
        }
        executorLocation[executorId] = dst;
        dst.executors.add(executorId);
    }

    /** Sends an executor towards a stage of another job (it is "moving" until it arrives). */
    private void sendExecutorToPool(int executorId, Pool dst) {
        Pool old = executorLocation[executorId];
        if (old != null) {
            old.executors.remove(executorId);
        }
        executorLocation[executorId] = null;
        dst.numMovingTo++;
        int oldJob = old != null ? old.jobId : Pool.NO_JOB;
        if (oldJob == dst.jobId) {
            throw new IllegalStateException("send within the same job");
        }
        jobs.get(dst.jobId).supply++;
        if (oldJob != Pool.NO_JOB) {
            jobs.get(oldJob).supply--;
        }
    }

    // ------------------------------------------------------------------ event handlers

    private void handleJobArrival(Job job) {
        activeJobs.add(job);
        if (!common.executors.isEmpty()) {
            source = common;
        }
    }

    private void handleExecutorArrival(Executor e, Stage stage) {
        Job job = stage.job;
        addLocalExecutor(job, e);
        stage.pool.numMovingTo--;
        moveExecutorToPool(e.id, job.pool);
        moveExecutorToStage(e, stage);
    }

    private void handleTaskCompletion(Stage stage, Executor e) {
        Job job = stage.job;
        stage.addTaskCompletion();
        e.executing = false;
        if (stage.numRemainingTasks > 0) {
            executeNextTask(e, stage);
            return;
        }
        boolean frontierChanged = false;
        if (stage.completed()) {
            frontierChanged = job.addStageCompletion(stage);
        }
        if (job.completed()) {
            processJobCompletion(job);
        }
        boolean hadCommitment = handleReleasedExecutor(e, stage, frontierChanged);
        if (frontierChanged) {
            source = job.pool;
        } else if (!hadCommitment) {
            source = stage.pool;
        }
    }

    private void processJobCompletion(Job job) {
        if (!job.pool.executors.isEmpty()) {
            moveIdleExecutors(job.pool, null);
        }
        activeJobs.remove(job);
        numCompletedJobs++;
        job.tCompleted = wallTime;
    }

    private boolean handleReleasedExecutor(Executor e, Stage stage, boolean frontierChanged) {
        Map.Entry<Pool, Integer> first = stage.pool.commitments.isEmpty() ? null
                : stage.pool.commitments.entrySet().iterator().next();
        if (first != null) {
            fulfillCommitment(e.id, first.getKey());
            return true;
        }
        e.taskStageId = Executor.IDLE;
        if (frontierChanged) {
            moveIdleExecutors(stage.pool, new int[] {e.id});
        }
        return false;
    }

    // ------------------------------------------------------------------ executor movement

    private void executeNextTask(Executor e, Stage stage) {
        Job job = stage.job;
        stage.startNextTask();
        if (stage.numRemainingTasks == 0) {
            job.saturatedStageCount++;
        }
        double d = durations.sample(stage.profile, e.idle(), e.taskStageId == stage.id, job.numLocalExecutors,
                random);
        e.taskStageId = stage.id;
        e.executing = true;
        stage.mostRecentDuration = d;
        timeline.push(wallTime + d, Timeline.Type.TASK_COMPLETION, job, stage, e);
        if (taskListener != null) {
            taskListener.taskStarted(e.id, job.id, stage.id, wallTime, wallTime + d);
        }
    }

    private void sendExecutor(Executor e, Stage stage) {
        sendExecutorToPool(e.id, stage.pool);
        if (e.job != null) {
            removeLocalExecutor(e.job, e);
        }
        timeline.push(wallTime + cfg.movingDelayMs(), Timeline.Type.EXECUTOR_ARRIVAL, stage.job, stage, e);
    }

    private void fulfillCommitment(int executorId, Pool dst) {
        Pool src = removeCommitment(executorId, dst);
        if (dst.isCommon()) {
            moveIdleExecutors(src, new int[] {executorId});
            return;
        }
        Stage stage = jobs.get(dst.jobId).stages[dst.stageId];
        moveExecutorToStage(executors[executorId], stage);
    }

    /** Idle executors of a pool, as a fresh CPython set built by iterating the pool's set. */
    private PyIntSet idleExecutors(Pool pool) {
        PyIntSet out = new PyIntSet();
        for (int id : pool.executors.toArray()) {
            if (!executors[id].executing) {
                out.add(id);
            }
        }
        return out;
    }

    private void fulfillCommitmentsFromSource() {
        PyIntSet idle = idleExecutors(source);
        List<Map.Entry<Pool, Integer>> commitments = new ArrayList<>();
        for (Map.Entry<Pool, Integer> c : source.commitments.entrySet()) {
            commitments.add(Map.entry(c.getKey(), c.getValue()));
        }
        for (Map.Entry<Pool, Integer> c : commitments) {
            int n = c.getValue();
            while (n > 0 && !idle.isEmpty()) {
                fulfillCommitment(idle.pop(), c.getKey());
                n--;
            }
        }
        if (!idle.isEmpty()) {
            throw new IllegalStateException("idle executors left without commitment");
        }
    }

    private void moveIdleExecutors(Pool src, int[] ids) {
        if (src.isCommon()) {
            return;
        }
        if (src.placeholder) {
            throw new IllegalStateException("move-idle from the placeholder pool");
        }
        if (ids == null) {
            ids = idleExecutors(src).toArray();
        }
        Job job = jobs.get(src.jobId);
        boolean jobSaturated = job.saturated();
        if (src.isJobPool() && !jobSaturated) {
            return;
        }
        Pool dst = jobSaturated ? common : job.pool;
        for (int id : ids) {
            moveExecutorToPool(id, dst);
            if (dst == common) {
                removeLocalExecutor(job, executors[id]);
            }
        }
    }

    private void tryBackupSchedule(Executor e) {
        Stage backup = findBackupStage(e);
        if (backup != null) {
            moveExecutorToStage(e, backup);
            return;
        }
        moveIdleExecutors(executorLocation[e.id], new int[] {e.id});
    }

    private void moveExecutorToStage(Executor e, Stage stage) {
        if (stage.numRemainingTasks == 0) {
            tryBackupSchedule(e);
            return;
        }
        if (e.job != stage.job) {
            sendExecutor(e, stage);
            return;
        }
        Job job = stage.job;
        if (!job.frontier[stage.id]) {
            e.taskStageId = Executor.IDLE;
            moveExecutorToPool(e.id, job.pool);
            return;
        }
        moveExecutorToPool(e.id, stage.pool);
        executeNextTask(e, stage);
    }

    private Stage findBackupStage(Executor e) {
        int ownJob = e.job != null ? e.job.id : Pool.NO_JOB;
        if (e.job != null) {
            List<Stage> local = findSchedulableStages(List.of(e.job), ownJob);
            if (!local.isEmpty()) {
                return local.get(local.size() - 1);
            }
        }
        List<Job> others = new ArrayList<>();
        for (Job j : activeJobs) {
            if (j != e.job) {
                others.add(j);
            }
        }
        List<Stage> other = findSchedulableStages(others, ownJob);
        return other.isEmpty() ? null : other.get(other.size() - 1);
    }

    private static void addLocalExecutor(Job job, Executor e) {
        if (!e.idle()) {
            throw new IllegalStateException("arriving executor has a task");
        }
        job.numLocalExecutors++;
        e.job = job;
    }

    private static void removeLocalExecutor(Job job, Executor e) {
        job.numLocalExecutors--;
        e.job = null;
        e.taskStageId = Executor.IDLE;
    }
}
