package org.netllm.testbed.cjs.tpch;

/**
 * One stage's task-duration profile after spark-sched-sim's preprocessing (docs/reference/cjs.md
 * §2.3): lists of integer durations (ms) indexed by the profiled executor level (an int ≤ 100;
 * {@code null} = level absent). {@code firstWave} has the fresh durations removed (as a multiset)
 * and empty levels filled from the next smaller level.
 *
 * @param numTasks         len(first_wave[E0]) + len(rest_wave[E0]) on the raw lists, E0 = first stored level
 * @param initialDuration  mean of all fresh + cleaned first-wave + rest-wave durations (ms)
 * @param maxFirstWaveLevel largest level present in {@code firstWave}
 */
public record StageProfile(int numTasks, double initialDuration, int[][] firstWave, int[][] restWave,
        int[][] freshDurations, int maxFirstWaveLevel) {

    public boolean hasFirstWaveLevel(int level) {
        return level >= 0 && level < firstWave.length && firstWave[level] != null;
    }
}
