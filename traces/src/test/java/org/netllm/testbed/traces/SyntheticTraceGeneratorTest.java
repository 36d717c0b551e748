package org.netllm.testbed.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticTraceGeneratorTest {

    private final SyntheticTraceGenerator gen = new SyntheticTraceGenerator(SyntheticTraceParams.DEFAULTS);

    @Test
    void sameSeedSameTracesAndMoreTracesRepeatTheFirstOnes() {
        List<CookedTrace> a = gen.generate(3, 320, 42);
        List<CookedTrace> b = gen.generate(5, 320, 42);
        assertEquals(a, b.subList(0, 3));
        assertNotEquals(a.get(0), gen.generate(1, 320, 43).get(0));
        assertNotEquals(a.get(0), a.get(1));
    }

    @Test
    void samplesFollowTheStepAndStayWithinTheModel() {
        SyntheticTraceParams p = SyntheticTraceParams.DEFAULTS;
        CookedTrace t = gen.generate(1, 320, 7).get(0);
        assertEquals("synth_0000", t.name());
        assertEquals(321, t.size());
        assertEquals(320.0, t.durationS(), 1e-12);
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i * p.stepS(), t.timesS()[i], 1e-12);
            assertTrue(t.mbps()[i] >= p.floorMbps());
            // 8 sigma above the fastest state would be a bug, not bad luck
            assertTrue(t.mbps()[i] < p.maxMbps() * (1 + 8 * p.noiseFraction()));
        }
    }

    @Test
    void dwellTimesAndStateSpreadMatchTheParameters() {
        // without noise every sample equals its state's mean, so state switches are visible; with
        // 0.1 s steps two switches fall into one step only ~1 % of the time (Exp(10 s) dwell)
        SyntheticTraceParams p = new SyntheticTraceParams(8, 0.5, 6.0, 10.0, 2, 0.0, 0.05, 0.1);
        CookedTrace t = new SyntheticTraceGenerator(p).generate(1, 20_000, 3).get(0);
        double levelRatio = Math.log(p.stateMbps(1) / p.stateMbps(0));
        int changes = 0;
        int withinMaxJump = 0;
        for (int i = 1; i < t.size(); i++) {
            double levels = Math.log(t.mbps()[i] / t.mbps()[i - 1]) / levelRatio;
            assertEquals(Math.rint(levels), levels, 1e-6, "rates are state means");
            if (Math.abs(levels) > 0.5) {
                changes++;
                if (Math.abs(levels) <= p.maxJump() + 1e-6) {
                    withinMaxJump++;
                }
            }
        }
        // expected 20 000 s / 10 s = 2000 switches (sd ≈ 45), a few merged within one step
        assertTrue(changes > 1800 && changes < 2150, "changes " + changes);
        assertTrue(withinMaxJump >= 0.98 * changes, withinMaxJump + " of " + changes + " within maxJump");
    }

    @Test
    void generatedTracesSurviveWriteAndRead(@TempDir Path dir) throws IOException {
        CookedTrace t = gen.generate(1, 60, 11).get(0);
        Path f = dir.resolve(t.name());
        CookedTraceIO.write(t, f);
        assertEquals(t, CookedTraceIO.read(f));
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticTraceParams(1, 0.5, 6, 10, 2, 0.1, 0.05, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticTraceParams(8, 6, 0.5, 10, 2, 0.1, 0.05, 1));
        assertThrows(IllegalArgumentException.class, () -> gen.generate(0, 60, 1));
        assertThrows(IllegalArgumentException.class, () -> gen.generate(1, 0.5, 1));
    }
}
