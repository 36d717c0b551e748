package org.netllm.testbed.abr.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.algo.AbrObservation;
import org.netllm.testbed.abr.testing.Fixtures;

class PensieveStateTest {

    private static final int[] LADDER = Fixtures.video1().bitratesKbps();

    private static void assertMatrix(double[][] expected, PensieveState s, double tol) {
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < expected[r].length; c++) {
                assertEquals(expected[r][c], s.get(r, c), tol, "state[" + r + "][" + c + "]");
            }
        }
    }

    private static PensieveState replay(int sLen) {
        PensieveState s = new PensieveState(LADDER, sLen, StateNormalisation.REMAIN_CAP_NETLLM);
        for (AbrObservation o : Fixtures.verificationStory()) {
            assertTrue(s.update(o));
        }
        return s;
    }

    @Test
    void replayingTheStoryGivesPensieveSampleStateIncludingRow4Leftovers() {
        double[][] expected = Fixtures.matrix(Fixtures.modelJson("pensieve-original").get("verification").get("sample_state"));
        // columns 6..7 of row 4 are np.roll left-overs: sizes of chunks 5 and 6 at level 0
        assertMatrix(expected, replay(8), 1e-6);
    }

    @Test
    void replayingTheStoryGivesGenetSampleState() {
        double[][] expected = Fixtures.matrix(Fixtures.modelJson("genet-abr").get("verification").get("sample_state"));
        assertMatrix(expected, replay(6), 1e-6);
    }

    @Test
    void firstUpdateFillsFromTheRightWithExactNormalisations() {
        PensieveState s = new PensieveState(LADDER, 6, 49);
        long[] next = {1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000};
        s.update(new AbrObservation(0, 5, 12.5, 0.0, 2_000_000, 500.0, 60, next));
        assertEquals(1.0, s.last(0), 0.0);            // 4300/4300
        assertEquals(1.25, s.last(1), 0.0);           // 12.5 s / 10
        assertEquals(4.0, s.last(2), 1e-15);          // 2e6 B / 500 ms / 1000
        assertEquals(0.05, s.last(3), 1e-15);         // 500 ms / 1000 / 10
        assertEquals(6.0, s.get(4, 5), 0.0);          // 6e6 B / 1e6
        assertEquals(1.0, s.last(5), 0.0);            // min(60, 49) / 49
        assertEquals(0.0, s.get(2, 4), 0.0);          // history still zero
    }

    @Test
    void zeroDownloadTimeIsSkippedAndResetZeroes() {
        PensieveState s = replay(6);
        double[][] before = s.toArray();
        assertFalse(s.update(new AbrObservation(7, 3, 5, 0, 100, 0.0, 40, Fixtures.nextSizes(Fixtures.video1(), 8))));
        assertMatrix(before, s, 0.0);
        s.reset();
        assertMatrix(new double[6][6], s, 0.0);
    }

    @Test
    void badObservationsAreRejectedWithTheChunkNamed() {
        PensieveState s = new PensieveState(LADDER, 6, 48);
        long[] next = Fixtures.nextSizes(Fixtures.video1(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.update(new AbrObservation(3, 6, 1, 0, 1, 1, 1, next)));
        assertTrue(e.getMessage().contains("chunk 3") && e.getMessage().contains("quality 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.update(new AbrObservation(0, 0, 1, 0, 1, -5, 1, next)));
        assertThrows(IllegalArgumentException.class, () -> s.update(new AbrObservation(0, 0, Double.NaN, 0, 1, 5, 1, next)));
        assertThrows(IllegalArgumentException.class, () -> s.update(new AbrObservation(0, 0, 1, 0, 1, 5, 1, new long[3])));
        assertThrows(IllegalArgumentException.class, () -> new PensieveState(LADDER, 4, 48));
    }
}
