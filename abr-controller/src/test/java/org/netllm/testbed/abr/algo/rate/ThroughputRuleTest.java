package org.netllm.testbed.abr.algo.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.abr.algo.AbrObservation;

class ThroughputRuleTest {

    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};

    /** A chunk measured at {@code kbps}: 1000 ms for kbps·1000/8 bytes. */
    private static AbrObservation at(int k, double kbps) {
        return new AbrObservation(k, 0, 4.0, 0.0, Math.round(kbps * 1000 / 8), 1000.0, 40, new long[6]);
    }

    @Test
    void safetyFactorAndHighestBitrateBelow() {
        ThroughputRule r = new ThroughputRule(LADDER);
        assertEquals(1, r.decide(at(0, 1000)));          // 900 kbps → 750
        assertEquals(2, r.decide(at(1, 4000)));          // H(1000, 4000) = 1600 → 1440 → 1200
    }

    @Test
    void onlyTheLastFiveSamplesCount() {
        ThroughputRule r = new ThroughputRule(LADDER);
        r.decide(at(0, 100));                            // would drag the harmonic mean down
        int q = 0;
        for (int k = 1; k <= 5; k++) {
            q = r.decide(at(k, 5000));
        }
        assertEquals(5, q);                              // 4500 kbps → 4300
    }

    @Test
    void zeroDownloadTimeIsSkippedAndNegativeRejected() {
        ThroughputRule r = new ThroughputRule(LADDER);
        assertEquals(0, r.decide(new AbrObservation(0, 0, 1, 0, 1000, 0.0, 1, new long[6])));
        assertThrows(IllegalArgumentException.class,
                () -> r.decide(new AbrObservation(0, 0, 1, 0, 1000, -1.0, 1, new long[6])));
    }
}
