package org.netllm.testbed.cli;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StableWarmupTest {

    /** Each window takes one scripted second. */
    private static StableWarmup.Result run(StableWarmup w, List<Double> rates) {
        Iterator<Double> it = rates.iterator();
        double[] t = {0};
        return w.run(() -> {
            t[0] += 1;
            return it.next();
        }, () -> t[0]);
    }

    @Test
    void runsUntilThreeWindowsInARowAgreeWithinFivePercent() {
        // the JIT tiers up: 3, 4.5, 12, 29, 30, 30.5, 30.2 M steps/s; (29, 30, 30.5) spread 5.2 % is not yet
        // stable, (30, 30.5, 30.2) spread 1.7 % is — at the 7th window
        StableWarmup.Result r = run(StableWarmup.DEFAULT, List.of(3e6, 4.5e6, 12e6, 29e6, 30e6, 30.5e6, 30.2e6, 99e6));
        assertTrue(r.stable());
        assertEquals(7, r.windowsRun());
        assertEquals(30.2e6, r.lastRate());
    }

    @Test
    void aSlideOfWindowsThatAgreeEndsIt() {
        StableWarmup.Result r = run(StableWarmup.DEFAULT, List.of(3e6, 12e6, 29.5e6, 30e6, 30.5e6, 99e6));
        assertTrue(r.stable());
        assertEquals(5, r.windowsRun(), "29.5, 30, 30.5: spread 3.4 %");
        assertEquals(30.5e6, r.lastRate());
    }

    @Test
    void neverShorterThanTheMinimumNorLongerThanTheMaximum() {
        StableWarmup w = new StableWarmup(2, 0.05, 4, 6);
        assertEquals(4, run(w, List.of(1.0, 1.0, 1.0, 1.0, 1.0)).windowsRun(), "stable at 2 s, but at least 4 s");
        StableWarmup.Result r = run(w, List.of(1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0));
        assertFalse(r.stable());
        assertEquals(6, r.windowsRun());
        assertTrue(r.describe().contains("NOT stable"), r.describe());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StableWarmup(1, 0.05, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new StableWarmup(3, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new StableWarmup(3, 0.05, 5, 1));
    }
}
