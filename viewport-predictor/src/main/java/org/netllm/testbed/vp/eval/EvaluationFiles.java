package org.netllm.testbed.vp.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an evaluation: {@code FILE.json} with the settings and {@code summary.<method>}, and the
 * sibling {@code FILE.samples.csv} with one line per (method, sample). Doubles are printed with
 * {@link Double#toString}, which round-trips exactly, so two runs can be compared for equality.
 * Both files are written to a temporary name first and moved into place.
 */
public final class EvaluationFiles {
    public static final String SAMPLES_SUFFIX = ".samples.csv";
    public static final String SAMPLES_HEADER = "method,video,user,anchor,mae_deg,roll_mae_deg,pitch_mae_deg,yaw_mae_deg,latency_ms";

    private EvaluationFiles() {
    }

    /** {@code out.json} → {@code out.samples.csv} (the extension, if any, is replaced). */
    public static Path samplesFile(Path out) {
        String name = out.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return out.resolveSibling(stem + SAMPLES_SUFFIX);
    }

    public static void write(Path out, Map<String, Object> settings, InSituEvaluation.Result result) throws IOException {
        Path samples = samplesFile(out);
        Map<String, Object> root = new LinkedHashMap<>(settings);
        root.put("samples_file", samples.getFileName().toString());
        root.put("summary", result.summary());
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmpCsv = samples.resolveSibling(samples.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmpCsv, StandardCharsets.UTF_8)) {
            w.write(SAMPLES_HEADER);
            w.write('\n');
            for (SampleError e : result.samples()) {
                w.write(String.join(",", e.method(), Integer.toString(e.video()), Integer.toString(e.user()),
                        Integer.toString(e.anchor()), Double.toString(e.maeDeg()), Double.toString(e.rollDeg()),
                        Double.toString(e.pitchDeg()), Double.toString(e.yawDeg()), Double.toString(e.latencyMs())));
                w.write('\n');
            }
        }
        Path tmpJson = out.resolveSibling(out.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmpJson.toFile(), root);
        Files.move(tmpCsv, samples, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpJson, out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Per-sample lines without the latency column (which differs between runs), for equality checks. */
    public static List<String> errorsOnly(Path samplesCsv) throws IOException {
        return Files.readAllLines(samplesCsv, StandardCharsets.UTF_8).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
