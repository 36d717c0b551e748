package org.netllm.testbed.traces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TraceConverterTest {

    @Test
    void twelveMbpsIsOnePacketPerMillisecond() {
        // sample 0 plays for 1 ms (GENET quirk), then 1000 ms at 1 packet/ms
        MahimahiTrace mm = TraceConverter.toMahimahi(
                new CookedTrace("c", new double[] {0.0, 1.0}, new double[] {12.0, 12.0}));
        long[] expected = new long[1 + 1 + 1000];
        for (int i = 1; i < expected.length; i++) {
            expected[i] = i;
        }
        assertArrayEquals(expected, mm.deliveryMs());
        assertEquals(12.0 * 1002 / 1001, mm.meanMbps(), 1e-12);
    }

    @Test
    void sixMbpsIsOnePacketEveryOtherMillisecondAndFractionsAreDroppedPerSample() {
        // 6 Mbit/s = 0.5 packet/ms: sample 0's single ms emits floor(0.5) = 0 packets
        MahimahiTrace mm = TraceConverter.toMahimahi(
                new CookedTrace("c", new double[] {0.0, 0.01}, new double[] {6.0, 6.0}));
        assertArrayEquals(new long[] {0, 3, 5, 7, 9, 11}, mm.deliveryMs());
    }

    @Test
    void nonIntegerMillisecondIntervalsRoundUpAsInGenet() {
        // (0.0015 − 0) · 1000 = 1.5 ms → the do-while runs 2 ms at 24 Mbit/s = 2 packets/ms
        MahimahiTrace mm = TraceConverter.toMahimahi(
                new CookedTrace("c", new double[] {0.0, 0.0015}, new double[] {0.0, 24.0}));
        assertArrayEquals(new long[] {0, 2, 2, 3, 3}, mm.deliveryMs());
    }

    @Test
    void allZeroRatesCannotBeConverted() {
        assertThrows(IllegalArgumentException.class, () -> TraceConverter.toMahimahi(
                new CookedTrace("z", new double[] {0.0, 5.0}, new double[] {0.0, 0.0})));
    }

    @Test
    void binningPutsTimestampZeroAtThePeriodEndAndKeepsAPartialLastBin() {
        MahimahiTrace mm = new MahimahiTrace("m", new long[] {0, 1, 1000, 1001, 2500});
        CookedTrace c = TraceConverter.toCooked(mm, 1000);
        assertArrayEquals(new double[] {0.0, 1.0, 2.0, 2.5}, c.timesS());
        // bins (0,1000]: 2 packets; (1000,2000]: 1; (2000,2500]: 2 (2500 and the wrapped 0)
        assertArrayEquals(new double[] {0.024, 0.024, 0.012, 0.048}, c.mbps(), 1e-12);
        assertEquals(mm.meanMbps(), TraceStats.of(c).meanMbps(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TraceConverter.toCooked(mm, 0));
    }

    /** Mahimahi → cooked keeps the mean rate exactly (up to double rounding). */
    @Property(tries = 200)
    void binningPreservesMeanRate(@ForAll("mahimahi") MahimahiTrace mm, @ForAll @IntRange(min = 1, max = 5000) int windowMs) {
        CookedTrace c = TraceConverter.toCooked(mm, windowMs);
        assertEquals(mm.meanMbps(), TraceStats.of(c).meanMbps(), 1e-9 * mm.meanMbps());
    }

    /**
     * Cooked → Mahimahi: the packet count differs from the exact Σ rate·Δt by less than one packet
     * per sample dropped (floor) plus the extra line 0 and sample 0's millisecond, and the period
     * falls short of the duration + 1 ms by less than one packet gap of the last sample. Hence, for
     * rates ≥ 2 Mbit/s, integer-second steps and ≥ 10 s, the mean rate stays within 1 %.
     */
    @Property(tries = 200)
    void genetConversionPreservesMeanRateWithinOnePercent(@ForAll("cooked") CookedTrace cooked) {
        MahimahiTrace mm = TraceConverter.toMahimahi(cooked);
        double[] t = cooked.timesS();
        double[] r = cooked.mbps();
        double exactPackets = 0;
        for (int i = 1; i < t.length; i++) {
            exactPackets += r[i] * 1e6 * (t[i] - t[i - 1]) / TraceConverter.BITS_PER_PACKET;
        }
        double sample0Packets = Math.floor(r[0] * 1000 / 8 / MahimahiTrace.PACKET_BYTES);
        long lines = mm.deliveryMs().length;
        assertTrue(lines <= exactPackets + 1 + sample0Packets + 1e-6, "too many packets: " + lines);
        assertTrue(lines > exactPackets + 1 + sample0Packets - (t.length - 1), "too few packets: " + lines);
        double relErr = Math.abs(mm.meanMbps() - TraceStats.of(cooked).meanMbps()) / TraceStats.of(cooked).meanMbps();
        assertTrue(relErr < 0.01, "relative mean error " + relErr);
    }

    /** Cooked → Mahimahi → cooked (1 s bins) lands within the same 1 % on the mean. */
    @Property(tries = 100)
    void roundTripCookedMahimahiCookedPreservesMeanRate(@ForAll("cooked") CookedTrace cooked) {
        CookedTrace back = TraceConverter.toCooked(TraceConverter.toMahimahi(cooked));
        double m0 = TraceStats.of(cooked).meanMbps();
        assertEquals(m0, TraceStats.of(back).meanMbps(), 0.01 * m0);
    }

    @Provide
    Arbitrary<CookedTrace> cooked() {
        Arbitrary<List<Integer>> steps = Arbitraries.integers().between(1, 5).list().ofMinSize(10).ofMaxSize(80);
        Arbitrary<List<Double>> rates = Arbitraries.doubles().between(2.0, 40.0).ofScale(3).list().ofSize(81);
        return Combinators.combine(steps, rates).as((st, rt) -> {
            double[] t = new double[st.size() + 1];
            double[] r = new double[st.size() + 1];
            for (int i = 0; i < t.length; i++) {
                t[i] = i == 0 ? 0 : t[i - 1] + st.get(i - 1);
                r[i] = rt.get(i);
            }
            return new CookedTrace("p", t, r);
        });
    }

    @Provide
    Arbitrary<MahimahiTrace> mahimahi() {
        return Arbitraries.longs().between(0, 20_000).array(long[].class).ofMinSize(1).ofMaxSize(3000)
                .map(a -> {
                    long[] s = a.clone();
                    Arrays.sort(s);
                    if (s[s.length - 1] == 0) {
                        s[s.length - 1] = 1;
                    }
                    return new MahimahiTrace("p", s);
                });
    }
}
