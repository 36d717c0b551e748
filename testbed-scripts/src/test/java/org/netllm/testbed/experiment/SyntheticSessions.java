package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netllm.testbed.report.ChunkCsv;
import org.netllm.testbed.report.ChunkRow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes session result folders the way the browser runner does, from chosen per-chunk numbers. */
public final class SyntheticSessions {

    static final int[] LADDER = {300, 750, 1200, 1850, 2850, 4300};
    public static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticSessions() {
    }

    /** A session with the given quality per chunk and stall per chunk (s). */
    public static void write(Path dir, SessionSpec spec, double lambda, int[] qualities, double[] rebufS) throws IOException {
        long[] ttfb = new long[qualities.length];
        long[] download = new long[qualities.length];
        java.util.Arrays.fill(ttfb, 80);
        java.util.Arrays.fill(download, 1080);
        write(dir, spec, lambda, qualities, rebufS, ttfb, download);
    }

    /** Same, with each chunk's time to first byte and download time (request → last byte), ms. */
    public static void write(Path dir, SessionSpec spec, double lambda, int[] qualities, double[] rebufS, long[] ttfbMs,
                             long[] downloadMs) throws IOException {
        List<ChunkRow> rows = new ArrayList<>();
        long t = 1_700_000_000_000L;
        for (int i = 0; i < qualities.length; i++) {
            rows.add(new ChunkRow(i, qualities[i], LADDER[qualities[i]], 8.0, rebufS[i], 400_000L * (qualities[i] + 1),
                    t, t + ttfbMs[i], t + downloadMs[i], 0.05));
            t += 4000;
        }
        java.nio.file.Files.createDirectories(dir);
        ChunkCsv.write(dir.resolve(ResultFiles.CHUNKS_CSV), rows);
        ObjectNode run = JSON.createObjectNode();
        ObjectNode req = run.putObject("request");
        req.put("algorithm", spec.algorithm()).put("trace", spec.tracePath()).put("lambda", lambda).put("video", "envivio");
        run.putObject("extra").put("experimentKey", spec.key()).put("traceSet", spec.traceSet()).put("repeat", spec.repeat());
        run.put("createdEpochMs", 1_700_000_000_000L - 500);
        run.put("started", "2026-01-01T00:00:00Z");
        run.put("outcome", ResultFiles.OUTCOME_OK);
        ResultFiles.finish(dir, run, JSON);
    }
}
