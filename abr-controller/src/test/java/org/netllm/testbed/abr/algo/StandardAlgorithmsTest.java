package org.netllm.testbed.abr.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.algo.bba.BufferBased;
import org.netllm.testbed.abr.algo.bola.BolaBasic;
import org.netllm.testbed.abr.testing.Fixtures;
import org.netllm.testbed.abr.video.VideoSpec;
import org.netllm.testbed.abr.netllm.NetLlmModels;
import org.netllm.testbed.netllm.serve.ModelService;

class StandardAlgorithmsTest {

    /**
     * Shared by the JUnit tests and the jqwik properties, which run in two engines with no common "after all": it
     * lives as long as the test JVM (its batcher thread is a daemon).
     */
    private static final AbrAlgorithms REGISTRY = StandardAlgorithms.registry(
            new NetLlmModels(ModelService.forThisMachine()));
    private static final List<String> EXPECTED = List.of("bba", "robustmpc", "fastmpc", "robustmpc-netllm-sim", "bola", "throughput",
            "genet", "genet-emulation", "udr-1", "udr-2", "udr-3", "udr-real", "udr-3-emulation", "pensieve",
            "fixed-0", "fixed-1", "fixed-2", "fixed-3", "fixed-4", "fixed-5", "netllm");

    @Test
    void registersEveryBaselineUnderItsName() {
        assertEquals(EXPECTED, REGISTRY.names());
        for (String name : EXPECTED) {
            assertEquals(name, REGISTRY.create(name, Fixtures.context(48, true)).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> REGISTRY.create("mpc", Fixtures.context(48, true)));
        assertTrue(e.getMessage().contains("robustmpc"), e.getMessage());
    }

    /**
     * Every baseline decides on the server's event loop (cheap, bounded, no waits); NetLLM, whose decision waits for
     * its batched forward, must not.
     */
    @Test
    void theBaselinesDecideInlineAndNetLlmDoesNot() {
        for (String name : EXPECTED) {
            try (AbrAlgorithm a = REGISTRY.create(name, Fixtures.context(48, true))) {
                assertEquals(!name.equals("netllm"), a.decidesInline(), name);
            }
        }
    }

    @Test
    void sessionsOfOneNameShareTheNetworkButNotTheirState() {
        AbrAlgorithmFactory f = REGISTRY.factory("genet");
        AbrAlgorithm a = f.create(Fixtures.context(48, false));
        AbrAlgorithm b = f.create(Fixtures.context(48, false));
        int qa = -1;
        for (AbrObservation o : Fixtures.verificationStory()) {
            // interleaved sessions: a shared state would see every observation twice
            qa = a.decide(o);
            assertEquals(qa, b.decide(o));
        }
        assertEquals(2, qa, "argmax 'down' from level 3 on the verification state");
    }

    @Provide
    Arbitrary<List<AbrObservation>> sessions() {
        VideoSpec v = Fixtures.video1();
        Arbitrary<double[]> chunk = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 60),
                Arbitraries.doubles().between(0, 20_000),
                Arbitraries.doubles().between(0, 5))
                .as((q, buf, ms, rebuf) -> new double[] {q, buf, ms, rebuf});
        return chunk.list().ofMinSize(1).ofMaxSize(49).map(rows -> {
            List<AbrObservation> out = new ArrayList<>();
            for (int k = 0; k < rows.size(); k++) {
                double[] r = rows.get(k);
                int q = (int) r[0];
                out.add(new AbrObservation(k, q, r[1], r[3], v.sizeBytes(q, k), r[2], 48 - k,
                        Fixtures.nextSizes(v, k + 1)));
            }
            return out;
        });
    }

    @Property(tries = 40)
    void everyAlgorithmAnswersAQualityOnTheLadder(@ForAll("sessions") List<AbrObservation> session,
            @ForAll boolean sampling) {
        for (String name : EXPECTED) {
            AbrAlgorithm a = REGISTRY.create(name, Fixtures.context(49, sampling));
            for (AbrObservation o : session) {
                int q = a.decide(o);
                assertTrue(q >= 0 && q <= 5, name + " answered " + q + " for " + o);
            }
        }
    }

    @Property
    void bufferRulesAreMonotoneInTheBuffer(@ForAll @DoubleRange(min = 0, max = 70) double a,
            @ForAll @DoubleRange(min = 0, max = 70) double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        BufferBased bba = new BufferBased(6);
        BolaBasic bola = new BolaBasic(Fixtures.video1().bitratesKbps());
        assertTrue(bba.qualityFor(lo) <= bba.qualityFor(hi));
        assertTrue(bola.qualityFor(lo) <= bola.qualityFor(hi));
    }

    @Property(tries = 30)
    void seededSamplingIsReproducible(@ForAll("sessions") List<AbrObservation> session) {
        for (String name : List.of("genet", "pensieve")) {
            AbrAlgorithm a = REGISTRY.create(name, Fixtures.context(48, true));
            AbrAlgorithm b = REGISTRY.create(name, Fixtures.context(48, true));
            for (AbrObservation o : session) {
                assertEquals(a.decide(o), b.decide(o), name);
            }
        }
    }
}
