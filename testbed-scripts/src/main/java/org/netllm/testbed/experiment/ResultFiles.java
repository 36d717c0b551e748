package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.netllm.testbed.report.ChunkCsv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * File names of one session's result folder (schema in testbed-scripts/README.md) and the rule
 * that decides whether a session is complete: run.json is written last, atomically, says
 * {@code "outcome": "ok"}, and its {@value #FILES_FIELD} manifest (size and SHA-256 of every data file
 * the report reads) matches the folder — so a data file cut short by a crash, a full disk or a careless
 * copy makes the session incomplete and resume runs it again.
 */
public final class ResultFiles {

    /** Server's per-chunk log (one JSON object per decision), copied from the server's results. */
    public static final String CHUNKS_JSONL = "chunks.jsonl";
    /** Server's session summary incl. QoE. */
    public static final String SESSION_JSON = "session.json";
    /** Browser console, one JSON object per entry. */
    public static final String CONSOLE_JSONL = "console.jsonl";
    /** The client's own window.testbed state at the end (chunks, decisions, error). */
    public static final String CLIENT_JSON = "client.json";
    /** Normalised per-chunk table the report reads (see README schema). */
    public static final String CHUNKS_CSV = "chunks.csv";
    /** Versions, config, timings, outcome; written last. */
    public static final String RUN_JSON = "run.json";

    public static final String OUTCOME_OK = "ok";
    /** run.json field: {name: {bytes, sha256}} of {@link #DATA_FILES}. */
    public static final String FILES_FIELD = "files";
    /** The files the report and the fidelity report read, covered by run.json's manifest when present. */
    static final List<String> DATA_FILES = List.of(CHUNKS_CSV, CHUNKS_JSONL, SESSION_JSON);

    private ResultFiles() {
    }

    /** True when the folder holds a finished session (resume skips it). */
    public static boolean isComplete(Path sessionDir, ObjectMapper json) {
        Path run = sessionDir.resolve(RUN_JSON);
        if (!Files.isRegularFile(run)) {
            return false;
        }
        try {
            JsonNode node = json.readTree(run.toFile());
            if (node == null || !OUTCOME_OK.equals(node.path("outcome").asText())
                    || !Files.isRegularFile(sessionDir.resolve(CHUNKS_CSV))) {
                return false;
            }
            JsonNode files = node.path(FILES_FIELD);
            return files.isObject() ? matchesManifest(sessionDir, files) : legacyChunksComplete(sessionDir, node);
        } catch (IOException | RuntimeException e) {
            // a torn or corrupt run.json or chunks.csv means the session did not finish: run it again
            return false;
        }
    }

    /** Every file the manifest lists exists with the recorded size and SHA-256. */
    private static boolean matchesManifest(Path dir, JsonNode files) throws IOException {
        var names = files.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!DATA_FILES.contains(name)) {
                return false;   // never follow a name we did not write (a hand-edited manifest)
            }
            Path f = dir.resolve(name);
            JsonNode want = files.get(name);
            if (!Files.isRegularFile(f) || Files.size(f) != want.path("bytes").asLong(-1)
                    || !sha256(f).equals(want.path("sha256").asText())) {
                return false;
            }
        }
        return files.has(CHUNKS_CSV);
    }

    /**
     * Result folders written before run.json carried a manifest: chunks.csv must parse and hold the
     * video's chunk count (run.json's {@code session.totalChunks}), or at least one row where that is absent.
     */
    private static boolean legacyChunksComplete(Path dir, JsonNode run) {
        int rows = ChunkCsv.read(dir.resolve(CHUNKS_CSV)).size();
        int expected = run.path("session").path("totalChunks").asInt(0);
        return expected > 0 ? rows == expected : rows > 0;
    }

    /**
     * Writes run.json as the session's last step: forces every data file present to disk, records their
     * sizes and SHA-256 in {@value #FILES_FIELD}, then writes run.json durably.
     */
    public static void finish(Path sessionDir, ObjectNode run, ObjectMapper json) throws IOException {
        ObjectNode files = run.putObject(FILES_FIELD);
        for (String name : DATA_FILES) {
            Path f = sessionDir.resolve(name);
            if (Files.isRegularFile(f)) {
                Durable.sync(f);
                files.putObject(name).put("bytes", Files.size(f)).put("sha256", sha256(f));
            }
        }
        writeAtomically(sessionDir.resolve(RUN_JSON), run, json);
    }

    static String sha256(Path f) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Writes {@code value} as JSON durably ({@link Durable#write}), so readers never see half a file. */
    public static void writeAtomically(Path target, Object value, ObjectMapper json) throws IOException {
        Durable.write(target, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }
}
