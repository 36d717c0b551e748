package org.netllm.testbed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.experiment.SyntheticSessions;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmulatorComparisonTest {

    @Test
    void pairsSessionsByKeyAndComparesTtfbDownloadAndQoe(@TempDir Path root) throws Exception {
        Path a = root.resolve("builtin");
        Path b = root.resolve("mahimahi");
        SessionSpec t1 = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t1", 0);
        SessionSpec t2 = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t2", 0);
        SessionSpec onlyBuiltin = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t3", 0);
        int[] q = {1, 1, 1};
        double[] noStall = {0, 0, 0};
        SyntheticSessions.write(t1.resultDir(a), t1, 4.3, q, noStall, new long[] {80, 90, 100}, new long[] {1000, 2000, 3000});
        SyntheticSessions.write(t2.resultDir(a), t2, 4.3, q, noStall, new long[] {85, 85, 85}, new long[] {500, 500, 500});
        SyntheticSessions.write(onlyBuiltin.resultDir(a), onlyBuiltin, 4.3, q, noStall, new long[] {1, 1, 1}, new long[] {1, 1, 1});
        // Mahimahi: t1 10 % slower per chunk, t2 equal; TTFB one RTT (80 ms) plus a little
        SyntheticSessions.write(t1.resultDir(b), t1, 4.3, q, noStall, new long[] {81, 82, 83}, new long[] {1100, 2200, 3300});
        SyntheticSessions.write(t2.resultDir(b), t2, 4.3, q, noStall, new long[] {84, 84, 84}, new long[] {500, 500, 500});

        ResultLoader loader = new ResultLoader(SyntheticSessions.JSON);
        List<EmulatorComparison.Row> rows = EmulatorComparison.rows(loader.load(a), loader.load(b));
        assertEquals(1, rows.size());
        EmulatorComparison.Row r = rows.get(0);
        assertEquals(2, r.pairs(), "t3 ran with the built-in link only: not paired");
        assertEquals(6, r.chunks());
        // built-in TTFBs 80 85 85 85 90 100 → lower median 85; Mahimahi 81 82 83 84 84 84 → 83
        assertEquals(85, r.medianTtfbA());
        assertEquals(83, r.medianTtfbB());
        // downloads built-in 500 500 500 1000 2000 3000 → 500; Mahimahi 500 500 500 1100 2200 3300 → 500
        assertEquals(500, r.medianDownloadA());
        assertEquals(500, r.medianDownloadB());
        // paired ratios 1.1 1.1 1.1 1 1 1 → lower median 1.0
        assertEquals(1.0, r.medianPairedDownloadRatio(), 1e-12);
        assertEquals(r.meanQoeA(), r.meanQoeB(), 1e-12, "same qualities, no stalls");
        String md = EmulatorComparison.markdown(loader.load(a), loader.load(b), rows);
        assertTrue(md.contains("| bba | 2 | 6 | 85.000 | 83.000 |"), md);
    }
}
