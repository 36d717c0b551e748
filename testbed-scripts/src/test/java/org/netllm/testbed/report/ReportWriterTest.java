package org.netllm.testbed.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.experiment.ExperimentConfig;
import org.netllm.testbed.experiment.ExperimentPlan;
import org.netllm.testbed.experiment.PlanStore;
import org.netllm.testbed.experiment.SessionSpec;
import org.netllm.testbed.experiment.StatusLog;
import org.netllm.testbed.experiment.SyntheticSessions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {

    @Test
    void rendersTableChartsAndFailures(@TempDir Path exp) throws Exception {
        // bba on fcc-real: QoE 0.75 and 1.2 (constant quality, no stalls after chunk 0)
        SessionSpec a = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t1", 0);
        SessionSpec b = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t2", 0);
        SessionSpec c = new SessionSpec("robustmpc", "fcc-real", "traces/fcc-real/t1", 0);
        SessionSpec d = new SessionSpec("robustmpc", "fcc-real", "traces/fcc-real/t2", 0);
        SyntheticSessions.write(a.resultDir(exp), a, 4.3, new int[] {1, 1, 1}, new double[] {2, 0, 0});
        SyntheticSessions.write(b.resultDir(exp), b, 4.3, new int[] {1, 2, 2}, new double[] {2, 0, 0});
        // robustmpc t1: chunk1 q3 with 1 s stall: 1.85 - 4.3 - 1.1; chunk2 q3: 1.85 -> mean (-3.55 + 1.85)/2 = -0.85
        SyntheticSessions.write(c.resultDir(exp), c, 4.3, new int[] {1, 3, 3}, new double[] {0, 1, 0});
        new StatusLog(exp, SyntheticSessions.JSON).append(new StatusLog.Entry(1, d.key(), StatusLog.State.FAILED, 3,
                "timeout: not ended after 648 s", 650));

        ExperimentResults r = new ResultLoader(SyntheticSessions.JSON).load(exp);
        assertEquals(3, r.ok().size());
        assertEquals(1, r.failed().size());
        List<AggregateRow> rows = AggregateRow.of(r);
        assertEquals(2, rows.size());
        AggregateRow bba = rows.get(0);
        assertEquals("bba", bba.algorithm());
        assertEquals(2, bba.ok());
        // session QoEs: t1 = 0.75; t2 = ((1.2 - 0.45) + 1.2)/2 = 0.975
        assertEquals((0.75 + 0.975) / 2, bba.qoe().mean(), 1e-12);
        assertEquals(12.7062 * Math.abs(0.975 - 0.75) / Math.sqrt(2) / Math.sqrt(2), bba.qoe().halfWidth(), 1e-3);
        AggregateRow mpc = rows.get(1);
        assertEquals(1, mpc.ok());
        assertEquals(1, mpc.failed());
        assertEquals(-0.85, mpc.qoe().mean(), 1e-12);
        assertEquals(0.5 * 4.3, mpc.rebufferPenalty(), 1e-12);

        ReportWriter.Written w = new ReportWriter().write(r, exp, c.key());
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("| bba | fcc-real | 2 | 0 | 0.863 | ±"), md);
        assertTrue(md.contains("| robustmpc | fcc-real | 1 | 1 | -0.850 | n/a |"), md);
        assertTrue(md.contains("timeout: not ended"), md);
        assertTrue(md.contains("λ = 4.3"));
        String html = Files.readString(w.html());
        assertTrue(html.contains("<img src=\"qoe_cdf_fcc-real.png\""), html);
        assertTrue(!html.contains("http://") && !html.contains("https://"), "offline: no external references");
        assertEquals(3, w.charts().size());
        for (Path png : w.charts()) {
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', png.toString());
        }
        assertTrue(w.charts().get(2).getFileName().toString().startsWith("timeseries_robustmpc"));
        List<String> csv = Files.readAllLines(exp.resolve(ReportWriter.SESSIONS_CSV));
        assertEquals(4, csv.size());
        assertThrows(IllegalArgumentException.class, () -> new ReportWriter().write(r, exp, "nope/x/y/r0"));
    }

    @Test
    void partialExperimentSaysWhatIsMissingAndNamesPathAlgorithms(@TempDir Path exp) throws Exception {
        String userModel = "netllm:/models/run";
        ExperimentConfig config = new ExperimentConfig(List.of("bba", userModel), List.of("traces/fcc-real"), 2, 1, 1,
                "envivio", 4.3, ExperimentConfig.Emulator.BUILTIN, 3);
        List<SessionSpec> sessions = new ArrayList<>();
        for (String t : List.of("traces/fcc-real/t1", "traces/fcc-real/t2")) {
            sessions.add(new SessionSpec("bba", "fcc-real", t, 0));
            sessions.add(new SessionSpec(userModel, "fcc-real", t, 0));
        }
        ExperimentPlan plan = new ExperimentPlan(config, List.of(new ExperimentPlan.SampledSet("fcc-real", "traces/fcc-real",
                2, List.of("traces/fcc-real/t1", "traces/fcc-real/t2"))), sessions, Map.of(userModel, "sha256:" + "ab".repeat(32)));
        new PlanStore(SyntheticSessions.JSON).writeOrVerify(exp, plan);
        SessionSpec okBba = sessions.get(0);
        SessionSpec failedUser = sessions.get(1);
        // a path algorithm is ONE folder and ONE key element, so the key still splits into 4 parts
        assertEquals(4, failedUser.key().split("/").length, failedUser.key());
        assertTrue(failedUser.resultDir(exp).startsWith(exp.resolve("sessions")), failedUser.resultDir(exp).toString());
        assertEquals(exp.resolve("sessions"), failedUser.resultDir(exp).getParent().getParent().getParent().getParent());
        SyntheticSessions.write(okBba.resultDir(exp), okBba, 4.3, new int[] {1, 1, 1}, new double[] {2, 0, 0});
        new StatusLog(exp, SyntheticSessions.JSON).append(new StatusLog.Entry(1, failedUser.key(), StatusLog.State.FAILED, 3,
                "browser crashed", 10));

        ExperimentResults r = new ResultLoader(SyntheticSessions.JSON).load(exp);
        assertEquals(userModel, r.failed().get(0).algorithm());
        ExperimentResults.Coverage c = r.coverage().orElseThrow();
        assertEquals(4, c.planned());
        assertEquals(Map.of("bba", 1, userModel, 1), c.notRunByAlgorithm());
        String md = ReportWriter.markdown(r, AggregateRow.of(r));
        assertTrue(md.contains("**Partial experiment:** 2 of 4 planned sessions ran (1 failed after retries); not yet run: "
                + "bba 1, netllm:/models/run 1."), md);
        assertTrue(md.contains("`netllm:/models/run` sha256:abababababab"), md);
    }

    @Test
    void singleSessionFolderAndBadFolders(@TempDir Path dir) throws Exception {
        SessionSpec a = new SessionSpec("bba", "fcc-real", "traces/fcc-real/t1", 0);
        SyntheticSessions.write(dir.resolve("one"), a, 43, new int[] {0, 0}, new double[] {0, 0.1});
        ExperimentResults r = new ResultLoader(SyntheticSessions.JSON).load(dir.resolve("one"));
        assertEquals(1, r.ok().size());
        assertEquals(43, r.lambda());
        assertEquals(0.3 - 4.3, r.ok().get(0).qoe().qoe(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ResultLoader(SyntheticSessions.JSON).load(Files.createDirectories(dir.resolve("empty"))));
        assertTrue(e.getMessage().contains("not a session or experiment folder"), e.getMessage());
    }
}
