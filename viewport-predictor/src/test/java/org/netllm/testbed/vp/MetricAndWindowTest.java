package org.netllm.testbed.vp;

import org.junit.jupiter.api.Test;
import org.netllm.testbed.vp.data.SampleCutter;
import org.netllm.testbed.vp.data.TraceKey;
import org.netllm.testbed.vp.data.ViewportTrace;
import org.netllm.testbed.vp.data.VpDataset;
import org.netllm.testbed.vp.data.VpSample;
import org.netllm.testbed.vp.data.WindowSettings;
import org.netllm.testbed.vp.metric.AngularError;
import org.netllm.testbed.vp.metric.MaeAccumulator;
import org.netllm.testbed.vp.metric.MaeResult;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** docs/reference/vp.md §2's wrap rule and aggregation, docs/reference/vp.md §1.6's anchors (docs/reference/vp.md). */
class MetricAndWindowTest {

    @Test
    void wrapAppliesOnceOnEveryAxis() {
        assertEquals(2.0, AngularError.of(179, -179), 1e-12);
        assertEquals(2.0, AngularError.of(-179, 179), 1e-12);
        assertEquals(10.0, AngularError.of(5, -5), 1e-12);
        // only one ±360 shift: a prediction 3 turns away is not reduced to 0
        assertEquals(720.0, AngularError.of(0, 1080), 1e-12);
        // pitch is wrapped too (the spec's rule is the same for all three axes)
        assertEquals(20.0, AngularError.of(-170, 170), 1e-12);
    }

    @Test
    void maeIsTheMeanOverSamplesStepsAndAxesWithPerAxisMeans() {
        MaeAccumulator acc = new MaeAccumulator();
        double s1 = acc.add(new double[][] {{0, 0, 179}, {0, 0, 0}}, new double[][] {{1, 2, -179}, {3, 0, 6}});
        double s2 = acc.add(new double[][] {{10, 10, 10}, {0, 0, 0}}, new double[][] {{10, 10, 10}, {0, 0, 0}});
        assertEquals((1 + 2 + 2 + 3 + 0 + 6) / 6.0, s1, 1e-12);
        assertEquals(0.0, s2, 1e-12);
        MaeResult r = acc.result();
        assertEquals(14 / 12.0, r.maeDeg(), 1e-12);
        assertEquals(4 / 4.0, r.rollDeg(), 1e-12);
        assertEquals(2 / 4.0, r.pitchDeg(), 1e-12);
        assertEquals(8 / 4.0, r.yawDeg(), 1e-12);
        assertEquals(2, r.samples());
    }

    @Test
    void lengthMismatchIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MaeAccumulator.of(new double[2][3], new double[3][3]));
    }

    @Test
    void a300RowTraceGives14AnchorsFrom30To225() {
        SampleCutter c = new SampleCutter(WindowSettings.of(10, 20));
        List<Integer> a = c.anchors(300);
        assertEquals(14, a.size());
        assertEquals(30, a.get(0));
        assertEquals(225, a.get(13));
        assertEquals(List.of(), c.anchors(90)); // t < 90 - 60 leaves nothing at 30
        assertEquals(List.of(30), c.anchors(91));
    }

    @Test
    void samplesSlideOverTheTraceByTheStep() {
        double[][] rows = new double[120][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i, -i, 2 * i};
        }
        List<VpSample> s = new SampleCutter(WindowSettings.of(20, 30)).cut(new ViewportTrace(VpDataset.JIN2022, new TraceKey(1, 1), rows));
        assertEquals(List.of(30, 45), s.stream().map(VpSample::anchor).toList());
        VpSample second = s.get(1);
        assertArrayEquals(new double[] {25, -25, 50}, second.history()[0]);
        assertArrayEquals(new double[] {44, -44, 88}, second.history()[19]);
        assertArrayEquals(new double[] {45, -45, 90}, second.future()[0]);
        assertArrayEquals(new double[] {74, -74, 148}, second.future()[29]);
    }

    @Test
    void trimsMustCoverTheWindows() {
        assertThrows(IllegalArgumentException.class, () -> new WindowSettings(40, 20, 30, 60, 15));
        assertThrows(IllegalArgumentException.class, () -> new WindowSettings(10, 70, 30, 60, 15));
    }
}
