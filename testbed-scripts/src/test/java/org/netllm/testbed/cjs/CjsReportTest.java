package org.netllm.testbed.cjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netllm.testbed.cjs.eval.EpisodeRunner;
import org.netllm.testbed.cjs.eval.Evaluation;
import org.netllm.testbed.cjs.eval.EvaluationPlan;
import org.netllm.testbed.cjs.eval.EvaluationReport;
import org.netllm.testbed.cjs.eval.SchedulerFactory;
import org.netllm.testbed.report.CjsReport;

class CjsReportTest {

    @Test
    void rendersTableCdfsAndTimeline(@TempDir Path dir) throws Exception {
        EvaluationPlan plan = new EvaluationPlan(List.of("fifo", "fair"),
                List.of(new EvaluationPlan.Setting(20, 10), new EvaluationPlan.Setting(30, 10)), List.of(1L), 2);
        EvaluationReport r = new Evaluation(Evaluation.offline(new SchedulerFactory(), EpisodeRunner.StreamLayout.SHARED))
                .run(plan, (d, t) -> { });
        Path json = dir.resolve("cjs.json");
        new ObjectMapper().writeValue(json.toFile(), r);
        CjsReport.Written w = new CjsReport().write(json, dir, "fair/30/10/1");
        String md = Files.readString(w.markdown());
        assertTrue(md.contains("| fair | 30 | 10 | 1 |"), md);
        assertEquals(3, w.charts().size(), "two CDFs (one per setting) and one timeline");
        for (Path png : w.charts()) {
            assertTrue(ImageIO.read(png.toFile()).getWidth() > 100, png.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new CjsReport().write(json, dir, "fair/30/10/99"));
    }
}
