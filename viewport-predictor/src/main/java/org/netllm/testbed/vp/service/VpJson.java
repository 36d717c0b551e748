package org.netllm.testbed.vp.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * JSON ↔ VP request/response records, strict about types: a number given as a string, a fraction for an
 * integer field or an array where an object belongs is refused with the field's JSON path.
 */
public final class VpJson {
    private static final ObjectMapper MAPPER = strict();

    private VpJson() {
    }

    private static ObjectMapper strict() {
        ObjectMapper m = new ObjectMapper().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[] {LogicalType.Float, LogicalType.Integer, LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return m;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static PredictRequest predictRequest(JsonNode body) {
        return convert(body, PredictRequest.class);
    }

    public static EvaluateRequest evaluateRequest(JsonNode body) {
        return convert(body, EvaluateRequest.class);
    }

    private static <T> T convert(JsonNode body, Class<T> type) {
        try {
            return MAPPER.treeToValue(body, type);
        } catch (JsonMappingException e) {
            throw new VpRequestException(VpRequestException.Kind.INVALID, path(e), "wrong type: " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VpRequestException(VpRequestException.Kind.INVALID, "body", e.getOriginalMessage());
        }
    }

    /** {@code history[3].pitch} from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.isEmpty() ? "body" : b.toString();
    }
}
