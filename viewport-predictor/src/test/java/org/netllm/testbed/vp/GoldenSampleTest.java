package org.netllm.testbed.vp;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.vp.data.SampleCutter;
import org.netllm.testbed.vp.data.TraceKey;
import org.netllm.testbed.vp.data.VpData;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.metric.MaeAccumulator;
import org.netllm.testbed.vp.predict.LinearRegressionPredictor;
import org.netllm.testbed.vp.predict.VelocityPredictor;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The golden single sample of docs/reference/vp.md §3.4 (Jin2022 video 4 user 83, anchor 30, 10/20). */
class GoldenSampleTest {
    private static final double TOL = 5e-5 + 1e-9; // the spec prints 4 decimals (half a unit in the last place, plus float slack)

    private static final double[][] HISTORY = {
            {9.7948, 3.7090, 136.5714}, {11.1063, 3.5503, 142.0659}, {10.4999, 4.5330, 144.4357},
            {9.6861, 2.6766, 141.7521}, {10.6956, 0.6858, 133.4810}, {12.3891, 1.1967, 119.0576},
            {13.4380, 1.2713, 110.4978}, {13.2061, 0.5212, 107.1208}, {12.9907, -0.7703, 107.9788},
            {12.6401, -0.7585, 111.0052}};
    private static final double[][] TRUTH_1_3 = {
            {11.4959, 0.1248, 117.4323}, {10.9973, 0.3317, 119.8823}, {10.3212, -0.0644, 121.8964}};

    private static VpSample golden() {
        VpData data = VpData.bundled();
        List<VpSample> samples = new SampleCutter(WindowSettings.of(10, 20))
                .cut(data.trace(VpDataset.JIN2022, new TraceKey(4, 83)));
        VpSample s = samples.get(0);
        assertEquals(30, s.anchor());
        return s;
    }

    private static void assertRow(double[] expected, double[] actual, String what) {
        assertArrayEquals(expected, actual, TOL, what);
    }

    @Test
    void historyAndGroundTruthAreTheSpecRows() {
        VpSample s = golden();
        assertEquals(10, s.history().length);
        assertEquals(20, s.future().length);
        for (int i = 0; i < HISTORY.length; i++) {
            assertRow(HISTORY[i], s.history()[i], "history row " + (20 + i));
        }
        for (int k = 0; k < TRUTH_1_3.length; k++) {
            assertRow(TRUTH_1_3[k], s.future()[k], "ground truth k=" + (k + 1));
        }
    }

    @Test
    void linearRegressionMatchesTheSpec() {
        VpSample s = golden();
        double[][] p = new LinearRegressionPredictor().predict(s.history(), 20);
        assertRow(new double[] {13.8206, -1.4790, 99.9478}, p[0], "LR k=1");
        assertRow(new double[] {14.2163, -2.0500, 95.3207}, p[1], "LR k=2");
        assertRow(new double[] {14.6119, -2.6210, 90.6936}, p[2], "LR k=3");
        assertRow(new double[] {21.3376, -12.3280, 12.0335}, p[19], "LR k=20");
        assertEquals(26.0997, MaeAccumulator.of(s.future(), p).maeDeg(), TOL);
    }

    @Test
    void velocityMatchesTheSpec() {
        VpSample s = golden();
        double[][] p = new VelocityPredictor().predict(s.history(), 20);
        assertRow(new double[] {12.9562, -1.2548, 108.1645}, p[0], "Velocity k=1");
        assertRow(new double[] {13.2724, -1.7512, 105.3238}, p[1], "Velocity k=2");
        assertRow(new double[] {13.5885, -2.2476, 102.4831}, p[2], "Velocity k=3");
        assertRow(new double[] {18.9629, -10.6861, 54.1915}, p[19], "Velocity k=20");
        assertEquals(17.1260, MaeAccumulator.of(s.future(), p).maeDeg(), TOL);
    }

    @Test
    void goldenHistoryGivenDirectlyGivesTheSameLrLine() {
        // the closed form on the spec's printed (rounded) history must land within rounding of the spec
        double[][] p = new LinearRegressionPredictor().predict(HISTORY, 20);
        assertArrayEquals(new double[] {21.3376, -12.3280, 12.0335}, p[19], 1e-3);
    }
}
