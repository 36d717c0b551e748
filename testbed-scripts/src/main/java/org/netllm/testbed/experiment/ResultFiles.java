package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * File names of one session's result folder (schema in testbed-scripts/README.md) and the rule
 * that decides whether a session is complete: run.json is written last, atomically, and says
 * {@code "outcome": "ok"}.
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
            return node != null && OUTCOME_OK.equals(node.path("outcome").asText())
                    && Files.isRegularFile(sessionDir.resolve(CHUNKS_CSV));
        } catch (IOException e) {
            // a torn or corrupt run.json means the session did not finish: run it again
            return false;
        }
    }

    /** Writes {@code value} as JSON through a temp file + atomic rename, so readers never see half a file. */
    public static void writeAtomically(Path target, Object value, ObjectMapper json) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
