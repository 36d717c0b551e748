package org.netllm.testbed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    /** Two-sided 95 % critical values from standard t tables. */
    @ParameterizedTest
    @CsvSource({"1,12.7062", "2,4.3027", "4,2.7764", "9,2.2622", "29,2.0452", "99,1.9842", "1000,1.9623"})
    void tQuantileMatchesTables(int df, double expected) {
        assertEquals(expected, Stats.studentTQuantile(0.975, df), 1e-4);
    }

    @Test
    void meanCiOfKnownSample() {
        // 1..10: mean 5.5, sd = sqrt(55/6) = 3.02765, half-width = 2.2622 * 3.02765 / sqrt(10) = 2.16585
        List<Double> xs = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        Stats.MeanCi ci = Stats.meanCi(xs);
        assertEquals(5.5, ci.mean(), 1e-12);
        assertEquals(3.0276503540974917, ci.sd(), 1e-12);
        assertEquals(2.16585, ci.halfWidth(), 1e-4);
        assertEquals(ci.mean() - ci.halfWidth(), ci.low(), 1e-12);
    }

    @Test
    void degenerateSamples() {
        assertTrue(Double.isNaN(Stats.meanCi(List.of()).mean()));
        Stats.MeanCi one = Stats.meanCi(List.of(3.0));
        assertEquals(3.0, one.mean());
        assertTrue(Double.isNaN(one.halfWidth()));
        assertEquals(0.0, Stats.meanCi(List.of(2.0, 2.0, 2.0)).halfWidth(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Stats.studentTQuantile(0.4, 3));
        assertThrows(IllegalArgumentException.class, () -> Stats.studentTQuantile(0.975, 0));
    }
}
