package org.netllm.testbed.abr.algo.bba;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BufferBasedTest {

    @ParameterizedTest
    @CsvSource({"0,0", "4.99,0", "5,0", "6.99,0", "7,1", "8.5,1", "9,2", "11,3", "13,4", "14.99,4", "15,5", "60,5"})
    void specThresholds(double bufferS, int quality) {
        assertEquals(quality, new BufferBased(6).qualityFor(bufferS));
    }
}
