package org.netllm.testbed.cjs.sim;

import org.netllm.testbed.netllm.rng.PythonRandom;
import org.netllm.testbed.cjs.tpch.StageProfile;

/**
 * spark-sched-sim's task-duration model (docs/reference/cjs.md §1.8, upstream
 * {@code datagen/task_duration.py}): map the job's local executor count onto two profiled levels,
 * pick one with Python's {@code random()}, then draw a duration with {@code random.choice} from the
 * fresh / rest-wave / first-wave list, adding the warm-up delay where the fresh list is missing.
 */
final class TaskDurationSampler {

    private static final int[] EXEC_LEVELS = {5, 10, 20, 40, 50, 60, 80, 100};

    private final double warmupDelayMs;
    /** L → (left, right) levels, for 0 ≤ L ≤ N. */
    private final int[] left;
    private final int[] right;

    TaskDurationSampler(int numExecutors, double warmupDelayMs) {
        this.warmupDelayMs = warmupDelayMs;
        this.left = new int[numExecutors + 1];
        this.right = new int[numExecutors + 1];
        buildIntervals(numExecutors);
    }

    /** The interval table exactly as upstream builds it (slices clipped to the table length). */
    private void buildIntervals(int cap) {
        int size = cap + 1;
        for (int i = 0; i < Math.min(size, EXEC_LEVELS[0] + 1); i++) {
            left[i] = EXEC_LEVELS[0];
            right[i] = EXEC_LEVELS[0];
        }
        for (int k = 0; k < EXEC_LEVELS.length - 1; k++) {
            int lo = EXEC_LEVELS[k];
            int hi = EXEC_LEVELS[k + 1];
            for (int i = lo + 1; i < Math.min(hi, size); i++) {
                left[i] = lo;
                right[i] = hi;
            }
            if (hi > cap) {
                break;
            }
            left[hi] = hi;
            right[hi] = hi;
        }
        int last = EXEC_LEVELS[EXEC_LEVELS.length - 1];
        if (cap > last) {
            for (int i = last + 1; i < cap; i++) {
                left[i] = last;
                right[i] = last;
            }
        }
    }

    /**
     * @param executorIdle     the executor has no current/last task
     * @param sameStage        its last task was of this stage
     * @param numLocal         executors local to the job (≥ 1)
     */
    double sample(StageProfile p, boolean executorIdle, boolean sameStage, int numLocal, PythonRandom random) {
        int key = executorKey(p, numLocal, random);
        if (executorIdle) {
            int[] fresh = p.freshDurations()[key];
            if (fresh != null && fresh.length > 0) {
                return fresh[random.choiceIndex(fresh.length)];
            }
            int[] first = p.firstWave()[key];
            return first[random.choiceIndex(first.length)] + warmupDelayMs;
        }
        if (sameStage) {
            int[] rest = p.restWave()[key];
            if (rest != null && rest.length > 0) {
                return rest[random.choiceIndex(rest.length)];
            }
        }
        int[] first = p.firstWave()[key];
        if (first != null && first.length > 0) {
            return first[random.choiceIndex(first.length)];
        }
        int[] fresh = p.freshDurations()[key];
        return fresh[random.choiceIndex(fresh.length)];
    }

    private int executorKey(StageProfile p, int numLocal, PythonRandom random) {
        int l = left[numLocal];
        int r = right[numLocal];
        int key;
        if (l == r) {
            key = l;
        } else {
            int randPt = 1 + (int) (random.random() * (r - l));
            key = randPt <= numLocal - l ? l : r;
        }
        if (!p.hasFirstWaveLevel(key)) {
            key = p.maxFirstWaveLevel();
        }
        return key;
    }
}
