package org.netllm.testbed.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.netllm.testbed.experiment.ResultFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One finished session's records as the end-to-end tests compare them: run.json, the server's per-chunk log
 * and the browser's chunk list (sorted by chunk index).
 */
public record SessionLogs(JsonNode run, List<JsonNode> serverChunks, List<JsonNode> clientChunks) {

    public static SessionLogs read(ObjectMapper json, Path sessionDir) throws IOException {
        JsonNode run = json.readTree(sessionDir.resolve(ResultFiles.RUN_JSON).toFile());
        List<JsonNode> server = new ArrayList<>();
        for (String line : Files.readAllLines(sessionDir.resolve(ResultFiles.CHUNKS_JSONL))) {
            server.add(json.readTree(line));
        }
        List<JsonNode> client = new ArrayList<>();
        json.readTree(sessionDir.resolve(ResultFiles.CLIENT_JSON).toFile()).path("chunks").forEach(client::add);
        client.sort(Comparator.comparingInt(n -> n.path("index").asInt()));
        return new SessionLogs(run, server, client);
    }

    /** The quality the session started with before any decision (run.json session.initialQuality). */
    public int initialQuality() {
        return run.path("session").path("initialQuality").asInt();
    }
}
