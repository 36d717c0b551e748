package org.netllm.testbed.netllm.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rank-3 float tensors (batch, seq, hidden) as nested JSON arrays under one key, the format of
 * {@code netllm forward}: {"inputs_embeds": [[[...]]]} in, {"last_hidden_state": [[[...]]]} out.
 */
public final class EmbeddingsJson {

    /** A dense row-major (batch, seq, hidden) tensor. */
    public record Tensor3(int batch, int seq, int hidden, float[] values) {
        public Tensor3 {
            if ((long) batch * seq * hidden != values.length) {
                throw new IllegalArgumentException("(" + batch + ", " + seq + ", " + hidden + ") does not hold "
                        + values.length + " values");
            }
        }

        public long[] shape() {
            return new long[] {batch, seq, hidden};
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingsJson() {
    }

    /** Reads {@code key} from {@code file}; every error names the file and the JSON path. */
    public static Tensor3 read(Path file, String key) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.has(key)) {
            throw new IOException(file + ": expected a JSON object with key '" + key + "'");
        }
        JsonNode a = root.get(key);
        String where = file + ": " + key;
        int batch = size(a, where);
        int seq = size(a.get(0), where + "[0]");
        int hidden = size(a.get(0).get(0), where + "[0][0]");
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(batch, seq), hidden)];
        int i = 0;
        for (int b = 0; b < batch; b++) {
            JsonNode bn = a.get(b);
            checkLength(bn, seq, where + "[" + b + "]");
            for (int s = 0; s < seq; s++) {
                JsonNode sn = bn.get(s);
                checkLength(sn, hidden, where + "[" + b + "][" + s + "]");
                for (int h = 0; h < hidden; h++) {
                    JsonNode v = sn.get(h);
                    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                        throw new IOException(where + "[" + b + "][" + s + "][" + h + "] is not a finite number: " + v);
                    }
                    out[i++] = (float) v.asDouble();
                }
            }
        }
        return new Tensor3(batch, seq, hidden, out);
    }

    private static int size(JsonNode n, String where) throws IOException {
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new IOException(where + " must be a non-empty array (shape (batch, seq, hidden))");
        }
        return n.size();
    }

    private static void checkLength(JsonNode n, int expected, String where) throws IOException {
        if (n == null || !n.isArray() || n.size() != expected) {
            throw new IOException(where + " must be an array of length " + expected + " (ragged input), got "
                    + (n == null || !n.isArray() ? String.valueOf(n) : "length " + n.size()));
        }
    }

    /** Writes {key: nested arrays} (streamed, so large outputs need no JSON tree). */
    public static void write(Path file, String key, Tensor3 t) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (JsonGenerator g = JSON.getFactory().createGenerator(Files.newOutputStream(tmp), JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName(key);
            g.writeStartArray();
            int i = 0;
            for (int b = 0; b < t.batch(); b++) {
                g.writeStartArray();
                for (int s = 0; s < t.seq(); s++) {
                    g.writeStartArray();
                    for (int h = 0; h < t.hidden(); h++) {
                        g.writeNumber(t.values()[i++]);
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
