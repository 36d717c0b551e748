package org.netllm.testbed.abr.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.video.VideoSpecs;
import org.netllm.testbed.traces.CookedTrace;

class ChunkSimulatorProperties {

    private static final VideoSpec ENVIVIO = VideoSpecs.envivio();
    private static final int STEPS = 2 * SimConstants.TOTAL_VIDEO_CHUNKS;

    @Provide
    Arbitrary<CookedTrace> traces() {
        Arbitrary<List<Double>> gaps = Arbitraries.doubles().between(0.05, 6.0).list().ofMinSize(2).ofMaxSize(60);
        Arbitrary<List<Double>> rates = Arbitraries.doubles().between(0.02, 80.0).list().ofSize(60);
        return Combinators.combine(gaps, rates).as((g, r) -> {
            double[] t = new double[g.size()];
            double[] bw = new double[g.size()];
            for (int i = 1; i < t.length; i++) {
                t[i] = t[i - 1] + g.get(i);
                bw[i] = r.get(i);
            }
            bw[0] = r.get(0);
            return new CookedTrace("random", t, bw);
        });
    }

    private static ChunkSimulator sim(CookedTrace t, int ptrSeed, boolean fixed, long seed) {
        int ptr = 1 + Math.floorMod(ptrSeed, t.size() - 1);
        return new ChunkSimulator(ENVIVIO, TracePlan.single(t, ptr, 0),
                new SimOptions(fixed, SimConstants.TOTAL_VIDEO_CHUNKS, seed));
    }

    @Property(tries = 200)
    void bufferStaysWithinCapAndDelayIncludesRtt(@ForAll("traces") CookedTrace t, @ForAll int ptrSeed,
                                                 @ForAll boolean fixed, @ForAll long seed,
                                                 @ForAll @IntRange(min = 0, max = 5) int q0) {
        ChunkSimulator s = sim(t, ptrSeed, fixed, seed);
        double minDelay = fixed ? SimConstants.LINK_RTT_MS : SimConstants.LINK_RTT_MS * SimConstants.NOISE_LOW;
        for (int k = 0; k < STEPS; k++) {
            ChunkResult r = s.step((q0 + k) % ENVIVIO.levels());
            assertTrue(r.bufferS() >= 0 && r.bufferS() * 1000 <= SimConstants.BUFFER_THRESH_MS, "buffer " + r.bufferS());
            assertTrue(r.delayMs() >= minDelay, "delay " + r.delayMs());
            assertTrue(r.rebufferS() >= 0);
            assertTrue(r.sleepMs() >= 0);
            assertTrue(s.traceTimeS() >= 0 && s.pointer() >= 1 && s.pointer() < t.size());
        }
    }

    @Property(tries = 100)
    void sameInputsGiveIdenticalResults(@ForAll("traces") CookedTrace t, @ForAll int ptrSeed,
                                        @ForAll boolean fixed, @ForAll long seed) {
        ChunkSimulator a = sim(t, ptrSeed, fixed, seed);
        ChunkSimulator b = sim(t, ptrSeed, fixed, fixed ? seed + 1 : seed); // fixed mode ignores the seed
        for (int k = 0; k < STEPS; k++) {
            ChunkResult ra = a.step(k % 6);
            ChunkResult rb = b.step(k % 6);
            assertEquals(ra.delayMs(), rb.delayMs());
            assertEquals(ra.bufferS(), rb.bufferS());
            assertEquals(ra.rebufferS(), rb.rebufferS());
            assertEquals(ra.sleepMs(), rb.sleepMs());
        }
    }

    @Property(tries = 100)
    void noiseScalesTheFirstDelayWithinTenPercent(@ForAll("traces") CookedTrace t, @ForAll int ptrSeed,
                                                  @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int q) {
        double fixedDelay = sim(t, ptrSeed, true, seed).step(q).delayMs();
        double noisy = sim(t, ptrSeed, false, seed).step(q).delayMs();
        assertTrue(noisy >= fixedDelay * SimConstants.NOISE_LOW && noisy < fixedDelay * SimConstants.NOISE_HIGH * (1 + 1e-12),
                noisy + " vs " + fixedDelay);
    }
}
