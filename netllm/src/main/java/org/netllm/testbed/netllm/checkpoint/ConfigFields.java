package org.netllm.testbed.netllm.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.netllm.testbed.netllm.adapt.CheckpointException;

/**
 * Typed readers for the {@code config.json} of a NetLLM checkpoint folder (the ABR decision transformer's
 * {@code netllm-dt/1}, {@code netllm-vp/1}, {@code netllm-cjs/1}): every error names the file and the key, so a
 * bad or mismatched folder is refused with a message saying what is wrong. One copy for every task.
 */
public final class ConfigFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFields() {
    }

    /**
     * Reads {@code dir/configFile} as a JSON object.
     *
     * @param what how the error names the expected folder, e.g. "a NetLLM-CJS checkpoint"
     */
    public static JsonNode readObject(Path dir, String configFile, String what) throws CheckpointException {
        Path file = dir.resolve(configFile);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(dir + ": no " + configFile + " (not " + what + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": not a JSON object");
        }
        return root;
    }

    /** Fails unless {@code root.format} equals {@code format}. */
    public static void requireFormat(Path file, JsonNode root, String format) throws CheckpointException {
        JsonNode v = root.get("format");
        String actual = v == null || !v.isTextual() ? String.valueOf(v) : v.asText();
        if (!format.equals(actual)) {
            throw new CheckpointException(file + ": format '" + actual + "' is not " + format);
        }
    }

    /** Fails unless {@code root.task} equals {@code task} (an adapter of another task cannot serve this one). */
    public static void requireTask(Path file, JsonNode root, String task) throws CheckpointException {
        String actual = text(file, root, "task");
        if (!task.equals(actual)) {
            throw new CheckpointException(file + ": task is '" + actual + "', not '" + task
                    + "' (an adapter of another task cannot serve " + task + ")");
        }
    }

    public static JsonNode field(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw new CheckpointException(file + ": missing key '" + key + "'");
        }
        return v;
    }

    public static JsonNode object(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = field(file, o, key);
        if (!v.isObject()) {
            throw new CheckpointException(file + ": '" + key + "' must be an object");
        }
        return v;
    }

    public static String text(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = field(file, o, key);
        if (!v.isTextual()) {
            throw new CheckpointException(file + ": '" + key + "' must be a string");
        }
        return v.asText();
    }

    public static double number(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = field(file, o, key);
        if (!v.isNumber()) {
            throw new CheckpointException(file + ": '" + key + "' must be a number");
        }
        return v.doubleValue();
    }

    public static int integer(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = field(file, o, key);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CheckpointException(file + ": '" + key + "' must be an integer");
        }
        return v.intValue();
    }

    public static long longInteger(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = field(file, o, key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new CheckpointException(file + ": '" + key + "' must be an integer");
        }
        return v.longValue();
    }

    public static int positive(Path file, JsonNode o, String key) throws CheckpointException {
        int v = integer(file, o, key);
        if (v < 1) {
            throw new CheckpointException(file + ": '" + key + "' must be >= 1, got " + v);
        }
        return v;
    }

    public static boolean bool(Path file, JsonNode o, String key) throws CheckpointException {
        JsonNode v = field(file, o, key);
        if (!v.isBoolean()) {
            throw new CheckpointException(file + ": '" + key + "' must be true or false");
        }
        return v.booleanValue();
    }
}
