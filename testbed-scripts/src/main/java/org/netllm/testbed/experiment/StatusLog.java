package org.netllm.testbed.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Append-only {@code status.jsonl}: one line per attempt outcome. Lines are never rewritten, so the
 * file is a full history across interrupted and resumed runs.
 */
public final class StatusLog {

    public static final String FILE = "status.jsonl";

    /** What happened to one attempt. */
    public enum State {
        DONE, RETRY, FAILED, SKIPPED,
        /** The runner shut down during this attempt (SIGTERM, Ctrl-C); not the session's fault, resume re-runs it. */
        INTERRUPTED
    }

    /** One line of status.jsonl. */
    public record Entry(long t, String key, State state, int attempt, String reason, double wallS) {
    }

    private final Path file;
    private final ObjectMapper json;

    public StatusLog(Path experimentDir, ObjectMapper json) {
        this.file = experimentDir.resolve(FILE);
        this.json = json;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(Entry e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("t", e.t());
        line.put("key", e.key());
        line.put("state", e.state().name().toLowerCase(java.util.Locale.ROOT));
        line.put("attempt", e.attempt());
        if (e.reason() != null) {
            line.put("reason", e.reason());
        }
        line.put("wallS", e.wallS());
        try {
            Files.createDirectories(file.getParent());
            // durable: the status history is what explains a run after a crash
            Durable.append(file, (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
    }

    /** All entries; a torn last line (crash mid-write) is ignored, any other bad line is an error. */
    public List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> lines = r.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = json.readTree(line);
                    out.add(new Entry(n.path("t").asLong(), n.path("key").asText(),
                            State.valueOf(n.path("state").asText().toUpperCase(java.util.Locale.ROOT)),
                            n.path("attempt").asInt(), n.hasNonNull("reason") ? n.get("reason").asText() : null,
                            n.path("wallS").asDouble()));
                } catch (IOException | IllegalArgumentException ex) {
                    if (i == lines.size() - 1) {
                        break;
                    }
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a status entry: " + ex.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
