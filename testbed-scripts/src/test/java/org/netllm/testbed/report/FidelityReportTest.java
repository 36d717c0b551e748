package org.netllm.testbed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.experiment.SyntheticSessions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FidelityReportTest {

    @Test
    void comparesSimulatorAndBrowserOnMatchedTraces(@TempDir Path root) throws Exception {
        Path repo = root.resolve("repo");
        Files.createDirectories(repo.resolve("traces/fcc-real"));
        StringBuilder sb = new StringBuilder();
        for (int ms = 0; ms <= 20_000; ms++) {
            sb.append(ms).append('\n');   // 12 Mbit/s
        }
        Files.writeString(repo.resolve("traces/fcc-real/t1"), sb.toString());
        Path exp = root.resolve("exp");
        SessionSpec a = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t1", 0);
        SyntheticSessions.write(a.resultDir(exp), a, 4.3, new int[] {1, 1, 1}, new double[] {0, 0, 0});
        Path sim = Files.writeString(root.resolve("sim.json"), """
                {"config": {"lambda": 4.3}, "summary": {"bba": {"qoe_mean": 0.5}},
                 "traces": {"bba": [{"trace": "t1", "qoe_mean": 0.6, "chunks": [
                   {"chunk": 0, "quality": 0, "bitrate_kbps": 300, "size_bytes": 100000, "delay_ms": 500.0},
                   {"chunk": 1, "quality": 1, "bitrate_kbps": 750, "size_bytes": 300000, "delay_ms": 700.0}]}]}}
                """);
        ExperimentResults br = new ResultLoader(SyntheticSessions.JSON).load(exp);
        List<FidelityReport.Row> rows = new FidelityReport(repo, 40).write(br, SimResults.read(sim, SyntheticSessions.JSON), exp);
        assertEquals(1, rows.size());
        FidelityReport.Row r = rows.get(0);
        assertEquals(1, r.matchedTraces());
        assertEquals(0.6, r.simQoe(), 1e-12);
        assertEquals(0.75, r.browserQoe(), 1e-12);
        assertEquals(600.0, r.simMeanDelayMs(), 1e-12);
        // synthetic chunks: 800 kB in 1000 ms transfer (6.4 Mbit/s) on a 12 Mbit/s trace -> ratio 6.4/12 (ceil to packets)
        double idealMs = Math.ceil(800_000 / 1500.0) - 1;
        assertEquals(6.4 / (800_000 * 8.0 / idealMs / 1000), r.medianThroughputRatio(), 1e-9);
        assertEquals(1080.0 / (idealMs + 80), r.medianDownloadRatio(), 1e-9);
        assertTrue(Files.readString(exp.resolve(FidelityReport.FIDELITY_MD)).contains("| bba | 1 | 0.600 | 0.750 |"));
        assertTrue(Files.size(exp.resolve("fidelity_download.png")) > 1000);

        Path bad = Files.writeString(root.resolve("bad.json"), "{\"config\": {\"lambda\": 4.3}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimResults.read(bad, SyntheticSessions.JSON));
        assertTrue(e.getMessage().contains("summary"), e.getMessage());
    }
}
