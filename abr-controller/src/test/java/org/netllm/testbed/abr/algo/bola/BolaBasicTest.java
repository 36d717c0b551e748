package org.netllm.testbed.abr.algo.bola;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BolaBasicTest {

    private static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};

    @Test
    void parametersFollowDashJsFromA60SecondTarget() {
        BolaBasic bola = new BolaBasic(LADDER);
        double gp = Math.log(4300.0 / 300.0) / (60.0 / 10.0 - 1.0);
        assertEquals(gp, bola.gammaP(), 1e-12);
        assertEquals(10.0 / gp, bola.vp(), 1e-12);
    }

    /** Switch points computed independently (Python, 0.1 s grid): 17.4, 31.3, 39.9, 48.0, 55.9 s. */
    @ParameterizedTest
    @CsvSource({"0,0", "10,0", "17.3,0", "17.4,1", "31.2,1", "31.3,2", "39.8,2", "39.9,3", "47.9,3", "48.0,4",
        "55.8,4", "55.9,5", "60,5"})
    void qualityByBuffer(double bufferS, int quality) {
        assertEquals(quality, new BolaBasic(LADDER).qualityFor(bufferS));
    }
}
