package org.netllm.testbed.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./testbed report --vp} on a recorded evaluation: {@code vp-report/vp-wu2017-10-20.json} and its samples file
 * were written by {@code ./testbed vp evaluate --methods lr,velocity,repeat --dataset wu2017 --hw 10 --pw 20 --out
 * vp-wu2017-10-20.json} (HTTP mode, in-process server; see vp-report/README.md). The table's values must be the JSON's,
 * and the CDF's data the samples file's.
 */
class VpReportTest {

    static final String JSON = "vp-wu2017-10-20.json";
    static final String CSV = "vp-wu2017-10-20.samples.csv";
    /** The table prints 3 decimals. */
    static final double PRINTED = 0.0005;

    @TempDir
    Path dir;

    private Path fixture() throws Exception {
        for (String f : List.of(JSON, CSV)) {
            try (InputStream in = VpReportTest.class.getResourceAsStream("/vp-report/" + f)) {
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve(JSON);
    }

    @Test
    void tableValuesAreTheJsonsAndTheCdfIsDrawn() throws Exception {
        Path json = fixture();
        VpReport.Written w = new VpReport().write(json, dir.resolve("out"));
        JsonNode summary = new ObjectMapper().readTree(json.toFile()).get("summary");
        String md = Files.readString(w.markdown());
        Map<String, String[]> rows = new HashMap<>();
        for (String line : md.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length == 9 && summary.has(cells[1].trim())) {
                rows.put(cells[1].trim(), cells);
            }
        }
        assertEquals(3, summary.size());
        assertEquals(summary.size(), rows.size(), md);
        String[] fields = {"samples", "mae_deg", "roll_mae_deg", "pitch_mae_deg", "yaw_mae_deg"};
        for (Map.Entry<String, String[]> e : rows.entrySet()) {
            JsonNode s = summary.get(e.getKey());
            for (int i = 0; i < fields.length; i++) {
                assertEquals(s.get(fields[i]).asDouble(), Double.parseDouble(e.getValue()[2 + i].trim()), PRINTED, e.getKey() + " " + fields[i]);
            }
            assertEquals(s.get("latency_ms").get("p50").asDouble(), Double.parseDouble(e.getValue()[7].trim()), PRINTED, e.getKey() + " p50");
            assertEquals(s.get("latency_ms").get("p99").asDouble(), Double.parseDouble(e.getValue()[8].trim()), PRINTED, e.getKey() + " p99");
        }
        String html = Files.readString(w.html());
        assertTrue(html.contains("<td>repeat</td>"), html);
        assertTrue(html.contains(VpReport.CDF_PNG), html);
        assertEquals(1, w.charts().size());
        assertTrue(ImageIO.read(w.charts().get(0).toFile()).getWidth() > 100);
    }

    /** docs/reference/vp.md §2: with a constant horizon the MAE is the mean of the per-sample MAEs the CDF is drawn from. */
    @Test
    void cdfDataAreThePerSampleErrorsOfTheSummary() throws Exception {
        Path json = fixture();
        VpReport.Evaluation eval = VpReport.read(json);
        Map<String, List<Double>> errors = VpReport.sampleErrors(dir.resolve(CSV), eval);
        for (VpReport.MethodRow r : eval.rows()) {
            List<Double> xs = errors.get(r.method());
            assertEquals(r.samples(), xs.size());
            assertEquals(r.maeDeg(), xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), 1e-9, r.method());
        }
    }

    @Test
    void badInputsAreRefusedNamingTheProblem() throws Exception {
        Path json = fixture();
        Path notEval = dir.resolve("x.json");
        Files.writeString(notEval, "{\"runs\": []}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VpReport().write(notEval, dir));
        assertTrue(e.getMessage().contains("summary"), e.getMessage());

        // a samples file cut short no longer matches the summary's counts
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(CSV)));
        Files.write(dir.resolve(CSV), lines.subList(0, lines.size() - 1));
        e = assertThrows(IllegalArgumentException.class, () -> new VpReport().write(json, dir.resolve("out")));
        assertTrue(e.getMessage().contains("the summary says"), e.getMessage());

        Files.delete(dir.resolve(CSV));
        e = assertThrows(IllegalArgumentException.class, () -> new VpReport().write(json, dir.resolve("out")));
        assertTrue(e.getMessage().contains(CSV), e.getMessage());
    }
}
