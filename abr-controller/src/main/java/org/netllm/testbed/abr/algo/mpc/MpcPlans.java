package org.netllm.testbed.abr.algo.mpc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GENET's jump-restricted MPC candidate plans (docs/reference/abr.md §6.2 step 5): every tuple of
 * {@link #PLAN_LENGTH} qualities, in lexicographic order of {0..levels−1}^PLAN_LENGTH, whose first
 * element differs by at most one level from the current quality and every later element by at
 * most one from its predecessor. With 6 levels that is 96, 170, 209, 209, 170, 96 plans for current
 * quality 0..5. Computed once per ladder size and shared (immutable after construction).
 */
public final class MpcPlans {

    /** MPC_FUTURE_CHUNK_COUNT: plans are 5 chunks long and cut to the horizon. */
    public static final int PLAN_LENGTH = 5;
    /** The jump restriction: at most one level between consecutive chunks. */
    public static final int MAX_STEP = 1;

    private static final Map<Integer, MpcPlans> CACHE = new ConcurrentHashMap<>();

    private final int levels;
    /** plans[current][p * PLAN_LENGTH + j] = quality of chunk j of plan p. */
    private final int[][] plans;

    private MpcPlans(int levels) {
        this.levels = levels;
        this.plans = new int[levels][];
        for (int current = 0; current < levels; current++) {
            plans[current] = enumerate(levels, current);
        }
    }

    /** The shared tables for a ladder of {@code levels} qualities. */
    public static MpcPlans forLevels(int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("MPC needs at least one quality level, got " + levels);
        }
        return CACHE.computeIfAbsent(levels, MpcPlans::new);
    }

    public int levels() {
        return levels;
    }

    public int planCount(int currentQuality) {
        return plans[currentQuality].length / PLAN_LENGTH;
    }

    /** Quality of chunk {@code position} of plan {@code plan} starting from {@code currentQuality}. */
    public int quality(int currentQuality, int plan, int position) {
        return plans[currentQuality][plan * PLAN_LENGTH + position];
    }

    /** The flat table for one current quality; callers must not modify it. */
    int[] table(int currentQuality) {
        return plans[currentQuality];
    }

    private static int[] enumerate(int levels, int current) {
        int total = 1;
        for (int j = 0; j < PLAN_LENGTH; j++) {
            total *= levels;
        }
        int[] out = new int[total * PLAN_LENGTH];
        int[] digits = new int[PLAN_LENGTH];
        int count = 0;
        for (int code = 0; code < total; code++) {
            // lexicographic order: the most significant digit is chunk 0
            int rest = code;
            for (int j = PLAN_LENGTH - 1; j >= 0; j--) {
                digits[j] = rest % levels;
                rest /= levels;
            }
            if (allowed(digits, current)) {
                System.arraycopy(digits, 0, out, count * PLAN_LENGTH, PLAN_LENGTH);
                count++;
            }
        }
        return java.util.Arrays.copyOf(out, count * PLAN_LENGTH);
    }

    private static boolean allowed(int[] plan, int current) {
        int prev = current;
        for (int q : plan) {
            if (Math.abs(q - prev) > MAX_STEP) {
                return false;
            }
            prev = q;
        }
        return true;
    }
}
