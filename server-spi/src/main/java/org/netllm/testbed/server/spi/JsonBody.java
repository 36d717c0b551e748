package org.netllm.testbed.server.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Typed, strict access to a JSON request body: a missing field, a wrong type or a non-finite
 * number is a 400 that names the field (docs/protocol.md "Errors").
 */
public final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode node;
    private final String what;

    private JsonBody(ObjectNode node, String what) {
        this.node = node;
        this.what = what;
    }

    /** Parses {@code text} as a JSON object; {@code what} names the body in messages. */
    public static JsonBody parseObject(String text, String what) {
        JsonNode n = parse(text, what);
        if (!(n instanceof ObjectNode o)) {
            throw RequestException.badRequest(what + ": expected a JSON object, got " + n.getNodeType());
        }
        return new JsonBody(o, what);
    }

    /**
     * Parses a UTF-8 request body as a JSON object straight from its bytes (the decision hot path:
     * no String decode, no Content-Type charset parsing; JSON is UTF-8, RFC 8259 §8.1).
     */
    public static JsonBody parseObject(byte[] utf8, String what) {
        if (utf8 == null || utf8.length == 0) {
            throw RequestException.badRequest(what + ": empty body, expected JSON");
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(utf8);
        } catch (IOException e) {
            throw RequestException.badRequest(what + ": malformed JSON: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || n.isMissingNode()) {
            throw RequestException.badRequest(what + ": empty body, expected JSON");
        }
        if (!(n instanceof ObjectNode o)) {
            throw RequestException.badRequest(what + ": expected a JSON object, got " + n.getNodeType());
        }
        return new JsonBody(o, what);
    }

    public static JsonNode parse(String text, String what) {
        if (text == null || text.isBlank()) {
            throw RequestException.badRequest(what + ": empty body, expected JSON");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestException.badRequest(what + ": malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** The mapper every task and the server core use for request and reply JSON (thread-safe once configured). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Names the body in messages, e.g. "predict" or "decision.link". */
    public String what() {
        return what;
    }

    /** A field that must be an array; {@code null} when absent. */
    public com.fasterxml.jackson.databind.node.ArrayNode optionalArray(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!(v instanceof com.fasterxml.jackson.databind.node.ArrayNode a)) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be an array, got " + v.getNodeType());
        }
        return a;
    }

    /** A field that must be an array of finite numbers, as doubles. */
    public double[] numbers(String field) {
        JsonNode v = require(field);
        if (!v.isArray()) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be an array of numbers, got "
                    + v.getNodeType());
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Double.isFinite(e.doubleValue())) {
                throw RequestException.badRequest(what + ": \"" + field + "\"[" + i + "] must be a finite number, got "
                        + e);
            }
            out[i] = e.doubleValue();
        }
        return out;
    }

    public static JsonBody of(ObjectNode node, String what) {
        return new JsonBody(node, what);
    }

    public boolean has(String field) {
        return node.hasNonNull(field);
    }

    public ObjectNode node() {
        return node;
    }

    private JsonNode require(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw RequestException.badRequest(what + ": missing field \"" + field + "\"");
        }
        return v;
    }

    public String string(String field) {
        JsonNode v = require(field);
        if (!v.isTextual()) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be a string, got " + v.getNodeType());
        }
        return v.textValue();
    }

    /** The string, or null when the field is absent or JSON null. */
    public String optionalString(String field) {
        return has(field) ? string(field) : null;
    }

    public double number(String field) {
        JsonNode v = require(field);
        if (!v.isNumber()) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be a number, got " + v.getNodeType());
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be finite, got " + v);
        }
        return d;
    }

    /** An integral number (a JSON 3.0 is accepted, 3.5 is not). */
    public long integer(String field) {
        double d = number(field);
        if (d != Math.rint(d) || Math.abs(d) > (1L << 53)) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be an integer, got " + node.get(field));
        }
        return (long) d;
    }

    public int smallInt(String field) {
        long v = integer(field);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw RequestException.badRequest(what + ": \"" + field + "\" out of range: " + v);
        }
        return (int) v;
    }

    public boolean bool(String field) {
        JsonNode v = require(field);
        if (!v.isBoolean()) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be true or false, got " + v.getNodeType());
        }
        return v.booleanValue();
    }

    /** A nested object, or null when absent. */
    public JsonBody optionalObject(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!(v instanceof ObjectNode o)) {
            throw RequestException.badRequest(what + ": \"" + field + "\" must be an object, got " + v.getNodeType());
        }
        return new JsonBody(o, what + "." + field);
    }
}
