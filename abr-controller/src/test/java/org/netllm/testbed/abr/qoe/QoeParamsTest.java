package org.netllm.testbed.abr.qoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QoeParamsTest {

    @Test
    void genetLogFirstRowReward() {
        // docs/reference/abr.md §8.6: 750 kbps, 2.276 s rebuffer, previous 300 kbps, λ = 43 → −97.568
        QoeParams genet = new QoeParams(QoeParams.GENET_EMULATOR_REBUF_PENALTY, 1.0);
        assertEquals(0.75 - 43 * 2.276 - 0.45, genet.reward(750, 300, 2.276), 1e-12);
        assertEquals(-97.568, genet.reward(750, 300, 2.276), 1e-9);
    }

    @Test
    void netllmPenaltyAndSmoothness() {
        assertEquals(4.3 - 1.45, QoeParams.NETLLM.reward(4300, 2850, 0.0), 1e-12);
        assertEquals(0.3 - 4.3 * 2.0, QoeParams.NETLLM.reward(300, 300, 2.0), 1e-12);
    }

    @Test
    void rejectsNegativePenalty() {
        assertThrows(IllegalArgumentException.class, () -> new QoeParams(-1, 1));
    }
}
